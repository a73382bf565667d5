// The settings of a command that needs them as they are (tools, models, login,
// logout): flags, then the environment, then the configuration file, then defaults.

import { loadConfigFile } from '../config/config-file.js';
import { resolveSettings, type Flags } from '../config/resolve-config.js';
import { settingsSecrets } from '../config/secrets.js';
import { requiredBy, type CommandName, type Settings } from '../config/settings.js';
import type { Redactor } from '../output/redact.js';
import { configFlag } from './options.js';

/** The settings `command` runs with, their secrets added to `redactor`; a UsageError names what is missing or invalid. */
export async function commandSettings(flags: Flags, command: CommandName, redactor: Redactor): Promise<Settings> {
  const file = await loadConfigFile(configFlag(flags), process.env);
  const settings = resolveSettings(flags, process.env, requiredBy(command), file);
  redactor.add(settingsSecrets(settings));
  return settings;
}
