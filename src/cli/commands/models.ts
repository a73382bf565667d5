// `writer models`: the models of the endpoint, one per line or as JSON.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerModels(program: Command, redactor: Redactor): void {
  addSettingOptions(program.command('models').description('list the models the model endpoint serves'), 'models').action(
    async (_options: unknown, command: Command) => {
      const { runModels } = await import('./run-models.js');
      process.exitCode = await runModels(givenFlags(command), redactor);
    },
  );
}
