// `writer generate`: flags → configuration → one generation, rendered for a
// terminal, for CI logs or as JSON. Settings fall back to the environment.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerGenerate(program: Command, redactor: Redactor): void {
  addSettingOptions(program.command('generate').description('turn a spec into a Robot Framework suite'), 'generate').action(
    async (_options: unknown, command: Command) => {
      const { runGenerate } = await import('./run-generate.js');
      process.exitCode = await runGenerate(givenFlags(command), redactor);
    },
  );
}
