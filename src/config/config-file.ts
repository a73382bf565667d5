// A team's settings file (writer.config.json, or --config FILE): any setting
// the table lets the file hold, validated with ajv, with "${VAR}" references expanded
// from the environment. Secrets never live in it: they are referenced, not written.

import path from 'node:path';
import { UsageError } from '../errors.js';
import { CONFIG_FILE_NAME } from './defaults.js';
import { type FileSettings, settingEntries } from './settings.js';
import { fileSettingsSchema } from './settings-schema.js';
import { InputFileError, readRegularFile } from '../read-regular-file.js';
import { lazyValidator } from '../schema-validator.js';

type Env = Record<string, string | undefined>;

/** A settings file is a page of JSON; anything larger is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;
/** Header names whose values are credentials and so must be "${VAR}" references (Authorization, Private-Token, X-Private, X-Api-Key...). */
export const SECRET_HEADER = /auth|token|key|cookie|secret|private|passw|credential|session/i;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

// The file is typed JSON: no coercion, so "maxRounds": "ten" is an error, not a surprise.
const fileValidator = lazyValidator<FileSettings>(fileSettingsSchema);

/**
 * The settings of the configuration file: `explicit` (--config) must exist;
 * otherwise writer.config.json in `cwd` is read when present.
 */
export async function loadConfigFile(explicit: string | undefined, env: Env, cwd = process.cwd()): Promise<FileSettings> {
  const file = explicit ?? path.join(cwd, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readRegularFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!explicit && error instanceof InputFileError && error.code === 'ENOENT') return {};
    throw new UsageError(`${file}: cannot read the configuration file (${messageOf(error)})`);
  }
  const name = explicit ?? CONFIG_FILE_NAME;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not valid JSON (${messageOf(error)})`);
  }
  if (!isJsonObject(parsed)) throw new UsageError(`${name}: must be a JSON object of settings`);
  checkConfigSettings(parsed, name);
  return validFileSettings(expandReferences(parsed, env, name), name);
}

/**
 * Throws a UsageError naming every problem of a configuration file's settings:
 * secrets written in it, and whatever the settings schema refuses. `name` is
 * the file as the message shows it.
 */
export function checkConfigSettings(settings: Record<string, unknown>, name: string): void {
  for (const [key, setting] of settingEntries()) {
    if (!setting.secret || !(key in settings)) continue;
    const variable = setting.env ?? key;
    if (setting.file === undefined)
      throw new UsageError(`${name}: /${key} is a secret and does not belong in the file; set ${variable} in the environment`);
    if (!WHOLE_REFERENCE.test(String(settings[key]))) {
      throw new UsageError(
        `${name}: /${key} is a secret; write it as a reference such as "\${${variable}}" and set the variable in the environment`,
      );
    }
  }
  for (const header of asArray(settings.mcpHeader)) {
    const [headerName = '', ...rest] = String(header).split(':');
    if (SECRET_HEADER.test(headerName) && !REFERENCE.test(rest.join(':'))) {
      throw new UsageError(
        `${name}: /mcpHeader '${headerName}' holds a credential; write it as a reference such as "${headerName}: Bearer \${GITLAB_MCP_TOKEN}"`,
      );
    }
    REFERENCE.lastIndex = 0;
  }
  validFileSettings(settings, name);
}

/** The settings, typed, once the file schema accepts them; else a UsageError naming each problem. */
function validFileSettings(settings: Record<string, unknown>, name: string): FileSettings {
  const validate = fileValidator();
  if (validate(settings)) return settings;
  const known = settingEntries()
    .filter(([, setting]) => setting.file !== undefined)
    .map(([key]) => key);
  const messages = (validate.errors ?? []).map((error) => {
    const key: unknown = error.params.additionalProperty;
    if (error.keyword === 'additionalProperties' && typeof key === 'string') return `/${key} is not a setting (known: ${known.join(', ')})`;
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
  });
  throw new UsageError(`${name}: ${[...new Set(messages)].join('; ')}`);
}

function expandReferences(settings: Record<string, unknown>, env: Env, name: string): Record<string, unknown> {
  const expand = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((item: unknown) => expand(item, key));
    if (typeof value !== 'string') return value;
    return value.replace(REFERENCE, (_match, variable: string) => {
      const found = env[variable];
      if (found === undefined) throw new UsageError(`${name}: /${key} refers to \${${variable}}, which is not set in the environment`);
      return found;
    });
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, expand(value, key)]));
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
