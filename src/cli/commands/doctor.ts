// `writer doctor`: one line per piece a generation needs, ✓ or ✗ with a hint.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addEndpointOptions } from './model-options.js';
import { addMcpOptions, addToolOptions } from './shared-options.js';

export function registerDoctor(program: Command, redactor: Redactor): void {
  const command = addToolOptions(
    addMcpOptions(
      program.command('doctor').description('check the settings, the MCP server, the conventions file and the model, one line each'),
    ),
  );
  addEndpointOptions(command)
    .option('--model <name>', 'chat model (env OPENAI_MODEL_WRITER)')
    .option('--tool-format <how>', 'native, text or auto, as for generate (default auto)')
    .option('--conventions <path>', 'conventions document in the repository, or "none" (default doc/convention.md)')
    .addHelpText(
      'after',
      '\nExit codes of doctor:\n  0    every check passed\n  2    settings missing or invalid\n  3    a check of the MCP server or the model failed',
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runDoctor } = await import('./run-doctor.js');
      process.exitCode = await runDoctor(flags, redactor);
    });
}
