// `writer doctor`: one line per piece a generation needs, ✓ or ✗ with a hint.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerDoctor(program: Command, redactor: Redactor): void {
  addSettingOptions(
    program.command('doctor').description('check the settings, the MCP server, the conventions file and the model, one line each'),
    'doctor',
  )
    .addHelpText(
      'after',
      '\nExit codes of doctor:\n  0    every check passed\n  2    settings missing or invalid\n  3    a check of the MCP server or the model failed',
    )
    .action(async (_options: unknown, command: Command) => {
      const { runDoctor } = await import('./run-doctor.js');
      process.exitCode = await runDoctor(givenFlags(command), redactor);
    });
}
