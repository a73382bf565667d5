// The models command's action: resolve the endpoint, list, print.

import { listEndpointModels } from '../../app/list-models.js';
import type { Flags } from '../../config/resolve-config.js';
import { EXIT_OK } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';
import { commandSettings } from '../command-settings.js';

export async function runModels(flags: Flags, redactor: Redactor): Promise<number> {
  const settings = await commandSettings(flags, 'models', redactor);
  const { endpoint, models } = await listEndpointModels(settings);
  if (settings.json) process.stdout.write(JSON.stringify(models) + '\n');
  else if (models.length) process.stdout.write(models.join('\n') + '\n');
  else process.stderr.write(`! ${endpoint} serves no models\n`);
  return EXIT_OK;
}
