// The models command's action: resolve the endpoint, list, print.

import { listEndpointModels } from '../../app/list-models.js';
import { loadConfigFile } from '../../config/config-file.js';
import { resolveSettings, type Flags } from '../../config/resolve-config.js';
import { settingsSecrets } from '../../config/secrets.js';
import { EXIT_OK } from '../../errors.js';
import { rememberSecrets } from '../../output/redact.js';
import { configFlag } from '../options.js';

export async function runModels(flags: Flags): Promise<number> {
  const file = await loadConfigFile(configFlag(flags), process.env);
  const settings = resolveSettings(flags, process.env, [], file);
  rememberSecrets(settingsSecrets(settings));
  const { endpoint, models } = await listEndpointModels(settings);
  if (settings.json) process.stdout.write(JSON.stringify(models) + '\n');
  else if (models.length) process.stdout.write(models.join('\n') + '\n');
  else process.stderr.write(`! ${endpoint} serves no models\n`);
  return EXIT_OK;
}
