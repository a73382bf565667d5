// `writer tools`: what the MCP server offers, what the model would get, and
// what that costs in schema bytes on every request.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerTools(program: Command, redactor: Redactor): void {
  addSettingOptions(
    program.command('tools').description("list the MCP server's tools: read-only, offered, injected, schema size"),
    'tools',
  ).action(async (_options: unknown, command: Command) => {
    const { runTools } = await import('./run-tools.js');
    process.exitCode = await runTools(givenFlags(command), redactor);
  });
}
