// `writer tools`: what the MCP server offers, what the model would get, and
// what that costs in schema bytes on every request.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addMcpOptions, addToolOptions } from './shared-options.js';

export function registerTools(program: Command, redactor: Redactor): void {
  addToolOptions(
    addMcpOptions(program.command('tools').description("list the MCP server's tools: read-only, offered, injected, schema size")),
  )
    .option('--json', 'print an array of tools as JSON')
    .option('--config <file>', 'settings file (default: writer.config.json in the working folder, when present)')
    .action(async (flags: Record<string, unknown>) => {
      const { runTools } = await import('./run-tools.js');
      process.exitCode = await runTools(flags, redactor);
    });
}
