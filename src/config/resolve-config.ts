// Configuration is a pure function of flags, environment and defaults: a flag
// beats its variable, a variable beats the default. Validated once with ajv,
// which also turns the strings of flags and variables into numbers.

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.js';
import { packageFile } from '../package-files.js';
import { DEFAULT_TOOL_TIMEOUT_MS } from './defaults.js';
import { GENERATE_SETTINGS, type GenerateSettingName } from './settings.js';

export interface GenerateConfig {
  spec: string;
  out: string;
  mcp: { url: string; headers: Record<string, string> };
  projectId?: string;
  ref?: string;
  model: { name: string; baseURL?: string; apiKey?: string; temperature: number; retries: number; timeoutMs: number };
  conventionsPath: string | null;
  limits: {
    maxRounds: number;
    maxToolCalls?: number;
    maxTokens?: number;
    toolConcurrency: number;
    toolTimeoutMs: number;
    maxToolChars: number;
    repairRounds: number;
  };
  validate: 'auto' | 'robot' | 'builtin';
  transcript?: string;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  /** Values that must never appear in any output. */
  secrets: string[];
}

export type Flags = Partial<Record<GenerateSettingName, unknown>>;
type Env = Record<string, string | undefined>;

let validator: ReturnType<Ajv['compile']> | undefined;

function settingsValidator(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const schema: unknown = JSON.parse(readFileSync(packageFile('schemas/generate-settings.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(schema as object);
  }
  return validator;
}

export function resolveConfig(flags: Flags, env: Env): GenerateConfig {
  const raw: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(GENERATE_SETTINGS) as Array<[GenerateSettingName, (typeof GENERATE_SETTINGS)[GenerateSettingName]]>) {
    const fromEnv = 'env' in source ? env[source.env] : undefined;
    const value = flags[name] ?? (fromEnv === '' ? undefined : fromEnv) ?? ('default' in source ? source.default : undefined);
    if (value !== undefined) raw[name] = value;
  }
  const validate = settingsValidator();
  if (!validate(raw)) {
    const messages = (validate.errors ?? []).map((error) => {
      const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
      if (missing) return `missing setting ${describeSetting(missing)}`;
      const name = error.instancePath.split('/')[1] ?? '';
      return `invalid ${describeSetting(name)}: ${error.message ?? 'invalid'}`;
    });
    throw new UsageError([...new Set(messages)].join('; '));
  }
  const settings = raw as Record<GenerateSettingName, never> & Record<string, unknown>;

  const headers: Record<string, string> = {};
  const token = settings.mcpToken as string | undefined;
  if (token) headers.Authorization = `Bearer ${token}`;
  for (const header of settings.mcpHeader as string[]) {
    const colon = header.indexOf(':');
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const baseURL = settings.baseUrl as string | undefined;
  const apiKey = settings.apiKey as string | undefined;
  if (!baseURL && !apiKey) {
    throw new UsageError(`missing setting ${describeSetting('apiKey')}: OpenAI needs an API key (local servers: set --base-url)`);
  }
  const conventions = settings.conventions as string;
  return {
    spec: settings.spec as string,
    out: settings.out as string,
    mcp: { url: settings.mcpUrl as string, headers },
    projectId: settings.projectId as string | undefined,
    ref: settings.ref as string | undefined,
    model: {
      name: settings.model as string,
      baseURL,
      apiKey,
      temperature: settings.temperature as number,
      retries: settings.retries as number,
      timeoutMs: Math.round((settings.timeout as number) * 1000),
    },
    conventionsPath: conventions === 'none' ? null : conventions,
    limits: {
      maxRounds: settings.maxRounds as number,
      maxToolCalls: settings.maxToolCalls as number | undefined,
      maxTokens: settings.maxTokens as number | undefined,
      toolConcurrency: settings.toolConcurrency as number,
      toolTimeoutMs: Math.round(((settings.toolTimeout as number | undefined) ?? DEFAULT_TOOL_TIMEOUT_MS / 1000) * 1000),
      maxToolChars: settings.maxToolChars as number,
      repairRounds: settings.repairRounds as number,
    },
    validate: settings.validate as GenerateConfig['validate'],
    transcript: settings.transcript as string | undefined,
    dryRun: settings.dryRun as boolean,
    json: settings.json as boolean,
    force: settings.force as boolean,
    secrets: secretsOf(apiKey, token, headers),
  };
}

function describeSetting(name: string): string {
  const source = GENERATE_SETTINGS[name as GenerateSettingName] as { flag: string; env?: string } | undefined;
  if (!source) return name;
  return source.env ? `${source.flag} (or ${source.env})` : source.flag;
}

/** Every value that must be redacted: the key, the token, header values and the credentials inside them. */
function secretsOf(apiKey: string | undefined, token: string | undefined, headers: Record<string, string>): string[] {
  const values = [apiKey, token, ...Object.values(headers)];
  for (const value of Object.values(headers)) {
    const credential = /^(?:Bearer|Basic|Token)\s+(.+)$/i.exec(value)?.[1];
    if (credential) values.push(credential);
  }
  return values.filter((value): value is string => !!value && value.length >= 4);
}
