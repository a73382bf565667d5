// `writer tools`: what the MCP server offers, what the model would get, and
// what that costs in schema bytes on every request.

import type { Command } from 'commander';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerTools(program: Command): void {
  addSettingOptions(
    program.command('tools').description("list the MCP server's tools: read-only, offered, injected, schema size"),
    'tools',
  ).action(async (_options: unknown, command: Command) => {
    const { runTools } = await import('./run-tools.js');
    process.exitCode = await runTools(givenFlags(command));
  });
}
