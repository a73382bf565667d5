// A team's settings file (writer.config.json, or --config FILE): any setting
// of the flags, validated with ajv, with "${VAR}" references expanded from the
// environment. Secrets never live in it: they are referenced, not written.

import path from 'node:path';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.js';
import { packageFile } from '../package-files.js';
import { CONFIG_FILE_NAME } from './defaults.js';
import { GENERATE_SETTINGS } from './settings.js';
import { readFileSync } from 'node:fs';
import { type InputFileError, readRegularFile } from '../read-regular-file.js';

type Env = Record<string, string | undefined>;

/** Settings that are secrets: only the environment may hold them. */
const SECRET_SETTINGS: Record<string, string> = { apiKey: 'OPENAI_API_KEY', mcpToken: 'GITLAB_MCP_TOKEN' };
/** Settings that are secrets but may be named in the file as a "${VAR}" reference, and only so. */
const REFERENCED_SECRETS: Record<string, string> = { oauthClientSecret: 'WRITER_OAUTH_CLIENT_SECRET' };
/** A settings file is a page of JSON; anything larger is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;
/** Header names whose values are credentials and so must be "${VAR}" references (Authorization, Private-Token, X-Private, X-Api-Key...). */
export const SECRET_HEADER = /auth|token|key|cookie|secret|private|passw|credential|session/i;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

let validator: ReturnType<Ajv['compile']> | undefined;

function fileValidator(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(packageFile('schemas/settings.schema.json'), 'utf8')) as Record<string, unknown>;
    // The file is typed JSON: no coercion, so "maxRounds": "ten" is an error, not a surprise.
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

/**
 * The settings of the configuration file: `explicit` (--config) must exist;
 * otherwise writer.config.json in `cwd` is read when present.
 */
export async function loadConfigFile(explicit: string | undefined, env: Env, cwd = process.cwd()): Promise<Record<string, unknown>> {
  const file = explicit ?? path.join(cwd, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readRegularFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!explicit && (error as InputFileError).code === 'ENOENT') return {};
    throw new UsageError(`${file}: cannot read the configuration file (${(error as Error).message})`);
  }
  const name = explicit ?? CONFIG_FILE_NAME;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`${name}: must be a JSON object of settings`);
  const settings = parsed as Record<string, unknown>;
  checkConfigSettings(settings, name);
  return expandReferences(settings, env, name);
}

/**
 * Throws a UsageError naming every problem of a configuration file's settings:
 * secrets written in it, and whatever the settings schema refuses. `name` is
 * the file as the message shows it.
 */
export function checkConfigSettings(settings: Record<string, unknown>, name: string): void {
  for (const [key, variable] of Object.entries(SECRET_SETTINGS)) {
    if (key in settings)
      throw new UsageError(`${name}: /${key} is a secret and does not belong in the file; set ${variable} in the environment`);
  }
  for (const [key, variable] of Object.entries(REFERENCED_SECRETS)) {
    if (key in settings && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(String(settings[key]))) {
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
  const validate = fileValidator();
  if (!validate(settings)) {
    const messages = (validate.errors ?? []).map((error) => {
      if (error.keyword === 'additionalProperties') {
        const key = (error.params as { additionalProperty: string }).additionalProperty;
        return `/${key} is not a setting (known: ${Object.keys(GENERATE_SETTINGS).join(', ')})`;
      }
      return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
    });
    throw new UsageError(`${name}: ${[...new Set(messages)].join('; ')}`);
  }
}

function expandReferences(settings: Record<string, unknown>, env: Env, name: string): Record<string, unknown> {
  const expand = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => expand(item, key));
    if (typeof value !== 'string') return value;
    return value.replace(REFERENCE, (_match, variable: string) => {
      const found = env[variable];
      if (found === undefined) throw new UsageError(`${name}: /${key} refers to \${${variable}}, which is not set in the environment`);
      return found;
    });
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, expand(value, key)]));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
