// `writer demo`: the quick start, with a recorded model session and the bundled example repository.

import type { Command } from 'commander';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerDemo(program: Command): void {
  addSettingOptions(
    program
      .command('demo')
      .description(
        'generate a suite from specs/example.json against the bundled example repository, replaying a recorded model session (no key, no network)',
      ),
    'demo',
  ).action(async (_options: unknown, command: Command) => {
    const { runDemo } = await import('./run-demo.js');
    process.exitCode = await runDemo(givenFlags(command));
  });
}
