// The settings of a command that needs them as they are (tools, models, login,
// logout): flags, then the environment, then the configuration file, then defaults.

import { loadConfigFile } from '../config/config-file.js';
import { resolveSettings, type Flags } from '../config/resolve-config.js';
import { settingsSecrets } from '../config/secrets.js';
import { requiredBy, type CommandName, type Settings } from '../config/settings.js';
import { rememberSecrets } from '../output/redact.js';
import { configFlag } from './options.js';

/** The settings `command` runs with; a UsageError names what is missing or invalid. */
export async function commandSettings(flags: Flags, command: CommandName): Promise<Settings> {
  const file = await loadConfigFile(configFlag(flags), process.env);
  const settings = resolveSettings(flags, process.env, requiredBy(command), file);
  // Until every printer takes its redactor from the settings, the error line of main.ts redacts what they hold this way.
  rememberSecrets(settingsSecrets(settings));
  return settings;
}
