// Configuration is a pure function of flags, environment, the configuration file
// and the table's defaults: a flag beats its variable, a variable beats the file,
// the file beats the default. Validated once with ajv, which also turns the strings
// of flags and variables into the numbers the table says they are.

import { UsageError } from '../errors.js';
import { needsApiKey, providerBaseURL, type Provider } from './providers.js';
import { mcpHeadersOf, settingsSecrets } from './secrets.js';
import {
  describeSetting,
  requiredBy,
  settingEntries,
  type FileSettings,
  type SettingName,
  type Settings,
  type ToolFormat,
  type Validation,
} from './settings.js';
import type { ConversationLimits, Prices } from './limits.js';
import { resolvedSettingsSchema } from './settings-schema.js';
import { lazyValidator } from '../schema-validator.js';
import { userConfigDir } from './user-config-dir.js';

export { describeSetting };
export type { ConversationLimits, Prices, ToolFormat };

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

/** The options given on the command line, by setting name, as commander hands them over (strings, to be checked). */
export type Flags = Partial<Record<SettingName, unknown>>;
export type Env = Record<string, string | undefined>;

/** What `writer generate` cannot run without. */
export const GENERATE_REQUIRES: readonly SettingName[] = requiredBy('generate');

// Flags and variables are text: "10" becomes 10 where a number is wanted.
const settingsValidator = lazyValidator<Settings>(resolvedSettingsSchema, { coerceTypes: true });

/**
 * Every setting from flags, environment, the configuration file and defaults,
 * in that order of precedence, validated; `required` names what the command needs.
 */
export function resolveSettings(flags: Flags, env: Env, required: readonly SettingName[], file: FileSettings = {}): Settings {
  const fromFile: Readonly<Record<string, unknown>> = file;
  const raw: Record<string, unknown> = {};
  for (const [name, setting] of settingEntries()) {
    const fromEnv = setting.env === undefined ? undefined : env[setting.env];
    const value: unknown = flags[name] ?? (fromEnv === '' ? undefined : fromEnv) ?? fromFile[name] ?? setting.default;
    if (value === undefined) continue;
    // A list a variable or the file names with one string (SPEC_JSON_PATH, "spec": "specs/**/*.json") is a list of one.
    if (setting.type === 'list') raw[name] = typeof value === 'string' ? [value] : Array.isArray(value) ? value.slice() : value;
    else raw[name] = value;
  }
  const validate = settingsValidator();
  const missing = required.filter((name) => raw[name] === undefined).map((name) => `missing setting ${describeSetting(name)}`);
  if (validate(raw) && missing.length === 0) return raw;
  const invalid = (validate.errors ?? []).map(
    (error) => `invalid ${describeSetting(error.instancePath.split('/')[1] ?? '')}: ${error.message ?? 'invalid'}`,
  );
  throw new UsageError([...new Set([...missing, ...invalid])].join('; '));
}

export function resolveConfig(flags: Flags, env: Env, file: FileSettings = {}): GenerateConfig {
  // --repo replaces the MCP server; it has no variable, so flags and file say whether it is set.
  const repo = (flags.repo ?? file.repo) !== undefined;
  const settings = resolveSettings(flags, env, repo ? GENERATE_REQUIRES.filter((name) => name !== 'mcpUrl') : GENERATE_REQUIRES, file);
  if (settings.repo !== undefined && settings.mcpUrl !== undefined) {
    throw new UsageError(`--repo and ${describeSetting('mcpUrl')} are exclusive: --repo serves a local checkout in place of an MCP server`);
  }
  checkSuiteModes(settings);
  const { provider, baseURL, apiKey } = modelEndpointOf(settings);
  // Present: resolveSettings refuses a run without them.
  const specPatterns = settings.spec ?? [];
  return {
    spec: specPatterns[0] ?? '',
    specPatterns,
    batch: {
      concurrency: settings.concurrency,
      shard: settings.shard,
      junit: settings.junit,
      maxTokens: settings.maxBatchTokens,
    },
    out: settings.out,
    mcp: mcpConfigOf(settings),
    oauth: oauthConfigOf(settings, env),
    repo: settings.repo,
    tools: toolConfigOf(settings),
    model: {
      name: settings.model ?? '',
      baseURL,
      apiKey,
      temperature: settings.temperature,
      retries: settings.retries,
      timeoutMs: milliseconds(settings.timeout),
      maxRetryWaitMs: milliseconds(settings.maxRetryWait),
      ...(provider !== undefined ? { provider } : {}),
      toolFormat: settings.toolFormat,
    },
    conventionsPath: conventionsPathOf(settings),
    limits: {
      maxRounds: settings.maxRounds,
      maxToolCalls: settings.maxToolCalls,
      maxTokens: settings.maxTokens,
      maxReplyTokens: settings.maxReplyTokens,
      toolConcurrency: settings.toolConcurrency,
      toolTimeoutMs: milliseconds(settings.toolTimeout),
      maxToolChars: settings.maxToolChars,
      repairRounds: settings.repairRounds,
    },
    validate: settings.validate,
    robot: { variables: settings.variable, languages: settings.language },
    transcript: settings.transcript,
    record: settings.record,
    dryRun: settings.dryRun,
    json: settings.json,
    force: settings.force,
    secrets: settingsSecrets(settings),
    ...pricesOf(settings),
    changedOnly: settings.changedOnly,
    update: settings.update,
    allowRemovals: settings.allowRemovals,
    prune: settings.prune,
  };
}

/** Seconds as settings give them, milliseconds as timers take them. */
export function milliseconds(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** --conventions: a path in the repository, or none at all. */
export function conventionsPathOf(settings: Pick<Settings, 'conventions'>): string | null {
  return settings.conventions === 'none' ? null : settings.conventions;
}

/** The prices of the cost estimate: input and output together, or none; cached input costs as input unless set. */
function pricesOf(settings: Settings): { prices?: Prices } {
  const { priceInput: input, priceOutput: output, priceCachedInput: cachedInput } = settings;
  if (input === undefined && output === undefined && cachedInput === undefined) return {};
  if (input === undefined || output === undefined) {
    throw new UsageError(
      `an estimated cost needs both ${describeSetting('priceInput')} and ${describeSetting('priceOutput')} (per million tokens)`,
    );
  }
  return { prices: { input, cachedInput: cachedInput ?? input, output } };
}

/** --force and --update say opposite things about an existing suite; --record replays new generations only. */
function checkSuiteModes(settings: Settings): void {
  if (settings.force && settings.update) {
    throw new UsageError('--force and --update are exclusive: --force writes a new suite over the old one, --update changes it in place');
  }
  if (settings.record !== undefined && (settings.update || settings.changedOnly)) {
    throw new UsageError('--record records a new generation; it does not take --update or --changed-only');
  }
}

/** Where the model is: --base-url, else the provider's default; a key is required only for OpenAI itself. */
export function modelEndpointOf(settings: Settings): { provider?: Provider; baseURL?: string; apiKey?: string } {
  const { provider, apiKey } = settings;
  const baseURL = providerBaseURL(provider, settings.baseUrl);
  if (!apiKey && needsApiKey(provider, baseURL)) {
    throw new UsageError(
      `missing setting ${describeSetting('apiKey')}: OpenAI needs an API key (local servers: set --provider or --base-url)`,
    );
  }
  return { provider, baseURL, apiKey };
}

export function mcpConfigOf(settings: Settings): McpConfig {
  // Empty with --repo, which needs no MCP server.
  return { url: settings.mcpUrl ?? '', headers: mcpHeadersOf(settings) };
}

export function oauthConfigOf(settings: Settings, env: Env): OAuthConfig {
  const { oauthClientId: clientId, oauthClientSecret: clientSecret, scope } = settings;
  return {
    storeDir: userConfigDir(env),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(scope !== undefined ? { scope } : {}),
    loginTimeoutMs: milliseconds(settings.loginTimeout),
  };
}

export function toolConfigOf(settings: Settings): ToolConfig {
  const inject: Record<string, string> = {};
  for (const pair of settings.inject) {
    const equals = pair.indexOf('=');
    inject[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const only = settings.tools?.split(',').map((name) => name.trim());
  return {
    projectId: settings.projectId,
    ref: settings.ref,
    inject,
    policy: { allowWriteTools: settings.allowWriteTools, only, allow: settings.allowTool, deny: settings.denyTool },
    fullSchemas: settings.fullSchemas,
  };
}
