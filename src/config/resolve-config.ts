// Configuration is a pure function of flags, environment and defaults: a flag
// beats its variable, a variable beats the default. Validated once with ajv,
// which also turns the strings of flags and variables into numbers.

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.js';
import { secretsInUrl } from '../output/redact.js';
import type { ConversationLimits } from '../loop/run-conversation.js';
import { packageFile } from '../package-files.js';
import { GENERATE_SETTINGS, type GenerateSettingName } from './settings.js';
import { needsApiKey, providerBaseURL, type Provider } from './providers.js';
import { userConfigDir } from './user-config-dir.js';
import type { Prices } from '../output/usage.js';
import { findLanguage } from '../robot/languages.js';
import type { Validation } from '../robot/check-suite.js';

export interface McpConfig {
  url: string;
  headers: Record<string, string>;
}

/** How writer signs in to an MCP server that wants OAuth (writer login), and where it keeps the sign-ins. */
export interface OAuthConfig {
  /** The folder of stored sign-ins, one file per MCP server. */
  storeDir: string;
  /** A client registered by hand with the authorization server (--oauth-client-id), for servers without dynamic registration. */
  clientId?: string;
  /** Its secret, from WRITER_OAUTH_CLIENT_SECRET (or a ${VAR} reference in the file); absent for a public client. */
  clientSecret?: string;
  /** --scope: what to ask for; by default what the server advertises. */
  scope?: string;
  loginTimeoutMs: number;
}

export interface ToolConfig {
  projectId?: string;
  ref?: string;
  /** Extra injected parameters from --inject name=value. */
  inject: Record<string, string>;
  policy: { allowWriteTools: boolean; only?: string[]; allow: string[]; deny: string[] };
  /** Offer the tools' definitions as the server gives them, not compacted (--full-schemas). */
  fullSchemas?: boolean;
}

export interface GenerateConfig {
  /** The spec of this generation (the first of `specPatterns` until a batch assigns one). */
  spec: string;
  /** What --spec named: files, folders and globs. */
  specPatterns: string[];
  batch: {
    concurrency: number;
    shard?: string;
    junit?: string;
    /** Prompt + completion tokens of the whole batch (--max-batch-tokens). */
    maxTokens?: number;
  };
  out: string;
  mcp: McpConfig;
  /** The stored sign-in used when no token or credential header is given (absent in a replay, which connects to nothing). */
  oauth?: OAuthConfig;
  /** A local checkout served through an embedded MCP server instead of mcp.url (--repo). */
  repo?: string;
  tools: ToolConfig;
  model: {
    name: string;
    baseURL?: string;
    apiKey?: string;
    temperature: number;
    retries: number;
    timeoutMs: number;
    /** The longest Retry-After honoured (--max-retry-wait); a longer one fails the request at once. */
    maxRetryWaitMs: number;
    /** --provider: which server this is (its default base URL, its quirks); undefined is OpenAI. */
    provider?: Provider;
    /** --tool-format: native tool calls, <tool_call> blocks in the text, or native with a fallback (undefined is auto). */
    toolFormat?: ToolFormat;
  };
  conventionsPath: string | null;
  limits: ConversationLimits;
  validate: Validation;
  /** What the checks take as the team's Robot settings besides robot.toml: `--variable`, `--language`. */
  robot: { variables: string[]; languages: string[] };
  transcript?: string;
  /** Where to save everything the generation received, for `writer replay` (--record). */
  record?: string;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  /** --changed-only: skip a spec whose suite is up to date by the manifest; update the other existing suites. */
  changedOnly?: boolean;
  /** --update: change an existing suite in place (from the output folder, else the repository). */
  update?: boolean;
  /** --allow-removals: an update may drop test cases and keywords the spec does not ask to remove. */
  allowRemovals?: boolean;
  /** --prune: at the end of a batch, delete the suites whose spec went away, when unchanged since written. */
  prune?: boolean;
  /** Values that must never appear in any output: the run's redactor starts from them. */
  secrets: readonly string[];
  /** Prices per million tokens, for the estimated cost in every report; absent without --price-input and --price-output. */
  prices?: Prices;
}

export type ToolFormat = 'native' | 'text' | 'auto';

export type Flags = Partial<Record<GenerateSettingName, unknown>>;
export type Env = Record<string, string | undefined>;

/** What `writer generate` cannot run without. */
export const GENERATE_REQUIRES: readonly GenerateSettingName[] = ['spec', 'mcpUrl', 'model'];

let validator: ReturnType<Ajv['compile']> | undefined;

function settingsValidator(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const schema: unknown = JSON.parse(readFileSync(packageFile('schemas/settings.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(schema as object);
  }
  return validator;
}

/**
 * Every setting from flags, environment, the configuration file and defaults,
 * in that order of precedence, validated; `required` names what the command needs.
 */
export function resolveSettings(
  flags: Flags,
  env: Env,
  required: readonly GenerateSettingName[],
  file: Record<string, unknown> = {},
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(GENERATE_SETTINGS) as Array<
    [GenerateSettingName, (typeof GENERATE_SETTINGS)[GenerateSettingName]]
  >) {
    const fromEnv = 'env' in source ? env[source.env] : undefined;
    const value = flags[name] ?? (fromEnv === '' ? undefined : fromEnv) ?? file[name] ?? ('default' in source ? source.default : undefined);
    if (value !== undefined) raw[name] = value;
  }
  const validate = settingsValidator();
  const messages = required.filter((name) => raw[name] === undefined).map((name) => `missing setting ${describeSetting(name)}`);
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) {
      const name = error.instancePath.split('/')[1] ?? '';
      messages.push(`invalid ${describeSetting(name)}: ${error.message ?? 'invalid'}`);
    }
  }
  if (messages.length) throw new UsageError([...new Set(messages)].join('; '));
  return raw;
}

export function resolveConfig(flags: Flags, env: Env, file: Record<string, unknown> = {}): GenerateConfig {
  // --repo replaces the MCP server; it has no variable, so flags and file say whether it is set.
  const repo = (flags.repo ?? file.repo) !== undefined;
  const settings = resolveSettings(flags, env, repo ? GENERATE_REQUIRES.filter((name) => name !== 'mcpUrl') : GENERATE_REQUIRES, file);
  if (settings.repo !== undefined && settings.mcpUrl !== undefined) {
    throw new UsageError(`--repo and ${describeSetting('mcpUrl')} are exclusive: --repo serves a local checkout in place of an MCP server`);
  }
  checkSuiteModes(settings);
  const { provider, baseURL, apiKey } = modelEndpointOf(settings);
  const mcp = mcpConfigOf(settings);
  const oauth = oauthConfigOf(settings, env);
  const languages = (settings.language as string[] | undefined) ?? [];
  const unknownLanguage = languages.find((language) => findLanguage(language) === undefined);
  if (unknownLanguage !== undefined) {
    throw new UsageError(
      `unknown ${describeSetting('language')} '${unknownLanguage}': expected a language code or name Robot Framework knows (fr, German, pt-BR...)`,
    );
  }
  const specPatterns = ([] as string[]).concat(settings.spec as string | string[]);
  const conventions = settings.conventions as string;
  return {
    spec: specPatterns[0] as string,
    specPatterns,
    batch: {
      concurrency: settings.concurrency as number,
      shard: settings.shard as string | undefined,
      junit: settings.junit as string | undefined,
      maxTokens: settings.maxBatchTokens as number | undefined,
    },
    out: settings.out as string,
    mcp,
    oauth,
    repo: settings.repo as string | undefined,
    tools: toolConfigOf(settings),
    model: {
      name: settings.model as string,
      baseURL,
      apiKey,
      temperature: settings.temperature as number,
      retries: settings.retries as number,
      timeoutMs: Math.round((settings.timeout as number) * 1000),
      maxRetryWaitMs: Math.round((settings.maxRetryWait as number) * 1000),
      ...(provider !== undefined ? { provider } : {}),
      toolFormat: settings.toolFormat as ToolFormat,
    },
    conventionsPath: conventions === 'none' ? null : conventions,
    limits: {
      maxRounds: settings.maxRounds as number,
      maxToolCalls: settings.maxToolCalls as number | undefined,
      maxTokens: settings.maxTokens as number | undefined,
      maxReplyTokens: settings.maxReplyTokens as number,
      toolConcurrency: settings.toolConcurrency as number,
      toolTimeoutMs: Math.round((settings.toolTimeout as number) * 1000),
      maxToolChars: settings.maxToolChars as number,
      repairRounds: settings.repairRounds as number,
    },
    validate: settings.validate as GenerateConfig['validate'],
    robot: {
      variables: (settings.variable as string[] | undefined) ?? [],
      languages,
    },
    transcript: settings.transcript as string | undefined,
    record: settings.record as string | undefined,
    dryRun: settings.dryRun as boolean,
    json: settings.json as boolean,
    force: settings.force as boolean,
    secrets: secretsOfSettings(settings),
    ...pricesOf(settings),
    changedOnly: settings.changedOnly as boolean,
    update: settings.update as boolean,
    allowRemovals: settings.allowRemovals as boolean,
    prune: settings.prune as boolean,
  };
}

/** The prices of the cost estimate: input and output together, or none; cached input costs as input unless set. */
function pricesOf(settings: Record<string, unknown>): { prices?: Prices } {
  const input = settings.priceInput as number | undefined;
  const output = settings.priceOutput as number | undefined;
  const cachedInput = settings.priceCachedInput as number | undefined;
  if (input === undefined && output === undefined && cachedInput === undefined) return {};
  if (input === undefined || output === undefined) {
    throw new UsageError(
      `an estimated cost needs both ${describeSetting('priceInput')} and ${describeSetting('priceOutput')} (per million tokens)`,
    );
  }
  return { prices: { input, cachedInput: cachedInput ?? input, output } };
}

/** --force and --update say opposite things about an existing suite; --record replays new generations only. */
function checkSuiteModes(settings: Record<string, unknown>): void {
  if (settings.force && settings.update) {
    throw new UsageError('--force and --update are exclusive: --force writes a new suite over the old one, --update changes it in place');
  }
  if (settings.record !== undefined && (settings.update || settings.changedOnly)) {
    throw new UsageError('--record records a new generation; it does not take --update or --changed-only');
  }
}

/** Where the model is: --base-url, else the provider's default; a key is required only for OpenAI itself. */
export function modelEndpointOf(settings: Record<string, unknown>): { provider?: Provider; baseURL?: string; apiKey?: string } {
  const provider = settings.provider as Provider | undefined;
  const baseURL = providerBaseURL(provider, settings.baseUrl as string | undefined);
  const apiKey = settings.apiKey as string | undefined;
  if (!apiKey && needsApiKey(provider, baseURL)) {
    throw new UsageError(
      `missing setting ${describeSetting('apiKey')}: OpenAI needs an API key (local servers: set --provider or --base-url)`,
    );
  }
  return { provider, baseURL, apiKey };
}

export function mcpConfigOf(settings: Record<string, unknown>): McpConfig {
  const headers: Record<string, string> = {};
  const token = settings.mcpToken as string | undefined;
  if (token) headers.Authorization = `Bearer ${token}`;
  for (const header of (settings.mcpHeader as string[] | undefined) ?? []) {
    const colon = header.indexOf(':');
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  // Empty with --repo, which needs no MCP server.
  const url = (settings.mcpUrl as string | undefined) ?? '';
  return { url, headers };
}

export function oauthConfigOf(settings: Record<string, unknown>, env: Env): OAuthConfig {
  const clientSecret = settings.oauthClientSecret as string | undefined;
  const clientId = settings.oauthClientId as string | undefined;
  return {
    storeDir: userConfigDir(env),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(settings.scope !== undefined ? { scope: settings.scope as string } : {}),
    loginTimeoutMs: Math.round((settings.loginTimeout as number) * 1000),
  };
}

export function toolConfigOf(settings: Record<string, unknown>): ToolConfig {
  const inject: Record<string, string> = {};
  for (const pair of (settings.inject as string[] | undefined) ?? []) {
    const equals = pair.indexOf('=');
    inject[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const only = typeof settings.tools === 'string' ? settings.tools.split(',').map((name) => name.trim()) : undefined;
  return {
    projectId: settings.projectId as string | undefined,
    ref: settings.ref as string | undefined,
    inject,
    policy: {
      allowWriteTools: (settings.allowWriteTools as boolean | undefined) ?? false,
      only,
      allow: (settings.allowTool as string[] | undefined) ?? [],
      deny: (settings.denyTool as string[] | undefined) ?? [],
    },
    fullSchemas: (settings.fullSchemas as boolean | undefined) ?? false,
  };
}

/** Every secret among the resolved settings: what a command's redactor starts from. */
export function secretsOfSettings(settings: Record<string, unknown>): string[] {
  const baseURL = providerBaseURL(settings.provider as Provider | undefined, settings.baseUrl as string | undefined);
  const clientSecret = settings.oauthClientSecret as string | undefined;
  const mcp = mcpConfigOf(settings);
  return [
    ...secretsOf(settings.apiKey as string | undefined, settings.mcpToken as string | undefined, mcp.headers, [baseURL, mcp.url]),
    ...(clientSecret ? [clientSecret] : []),
  ];
}

/** The secrets the environment holds, known before any setting is resolved: for an error that comes first. */
export function environmentSecrets(env: Env): string[] {
  const value = (name: 'apiKey' | 'mcpToken' | 'oauthClientSecret' | 'baseUrl' | 'mcpUrl'): string | undefined => {
    const variable = (GENERATE_SETTINGS[name] as { env?: string }).env;
    return variable === undefined ? undefined : env[variable] || undefined;
  };
  const clientSecret = value('oauthClientSecret');
  return [
    ...secretsOf(value('apiKey'), value('mcpToken'), {}, [value('baseUrl'), value('mcpUrl')]),
    ...(clientSecret ? [clientSecret] : []),
  ];
}

/** Every value that must be redacted: the key, the token, header values and the credentials inside them and inside the URLs. */
export function secretsOf(
  apiKey: string | undefined,
  token: string | undefined,
  headers: Record<string, string>,
  urls: ReadonlyArray<string | undefined> = [],
): string[] {
  const values = [apiKey, token, ...Object.values(headers), ...urls.flatMap(secretsInUrl)];
  for (const value of Object.values(headers)) {
    const credential = /^(?:Bearer|Basic|Token)\s+(.+)$/i.exec(value)?.[1];
    if (credential) values.push(credential);
  }
  return values.filter((value): value is string => !!value && value.length >= 4);
}

export function describeSetting(name: string): string {
  const source = GENERATE_SETTINGS[name as GenerateSettingName] as { flag?: string; env?: string } | undefined;
  if (!source) return name;
  if (!source.flag) return source.env ?? name;
  return source.env ? `${source.flag} (or ${source.env})` : source.flag;
}
