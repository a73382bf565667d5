// The models command's action: resolve the endpoint, list, print.

import { listEndpointModels } from '../../app/list-models.js';
import { loadConfigFile } from '../../config/config-file.js';
import { resolveSettings, secretsOfSettings, type Flags } from '../../config/resolve-config.js';
import { EXIT_OK } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';

export async function runModels(flags: Record<string, unknown>, redactor: Redactor): Promise<number> {
  const file = await loadConfigFile(flags.config as string | undefined, process.env);
  const settings = resolveSettings(flags as Flags, process.env, [], file);
  redactor.add(secretsOfSettings(settings));
  const { endpoint, models } = await listEndpointModels(settings);
  if (flags.json) process.stdout.write(JSON.stringify(models) + '\n');
  else if (models.length) process.stdout.write(models.join('\n') + '\n');
  else process.stderr.write(`! ${endpoint} serves no models\n`);
  return EXIT_OK;
}
