// The models command's action: resolve the endpoint, list, print.

import { listEndpointModels } from '../../app/list-models.js';
import { loadConfigFile } from '../../config/config-file.js';
import type { Flags } from '../../config/resolve-config.js';
import { EXIT_OK } from '../../errors.js';

export async function runModels(flags: Record<string, unknown>): Promise<number> {
  const file = await loadConfigFile(flags.config as string | undefined, process.env);
  const { endpoint, models } = await listEndpointModels(flags as Flags, process.env, file);
  if (flags.json) process.stdout.write(JSON.stringify(models) + '\n');
  else if (models.length) process.stdout.write(models.join('\n') + '\n');
  else process.stderr.write(`! ${endpoint} serves no models\n`);
  return EXIT_OK;
}
