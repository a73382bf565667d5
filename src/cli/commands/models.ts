// `writer models`: the models of the endpoint, one per line or as JSON.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addEndpointOptions } from './model-options.js';

export function registerModels(program: Command, redactor: Redactor): void {
  addEndpointOptions(program.command('models').description('list the models the model endpoint serves'))
    .option('--json', 'print a JSON array of model names')
    .action(async (flags: Record<string, unknown>) => {
      const { runModels } = await import('./run-models.js');
      process.exitCode = await runModels(flags, redactor);
    });
}
