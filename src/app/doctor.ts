// `writer doctor`: checks every piece a generation needs, in the order a
// generation uses them, and says which one is broken. Two chains: the MCP
// server (reachable → auth → tools → conventions) and the model (endpoint →
// model → a request with one tool); a check whose chain broke earlier is skipped.

import { replyLimitParameter, type Provider } from '../config/providers.js';
import { settingsSecrets } from '../config/secrets.js';
import type { FileSettings } from '../config/settings.js';
import {
  conventionsPathOf,
  describeSetting,
  mcpConfigOf,
  milliseconds,
  modelEndpointOf,
  oauthConfigOf,
  resolveSettings,
  toolConfigOf,
  type Env,
  type Flags,
  type McpConfig,
  type OAuthConfig,
  type ToolConfig,
  type ToolFormat,
} from '../config/resolve-config.js';
import { ServiceError, UsageError, errorLine, type ServiceErrorKind } from '../errors.js';
import { injectionRules } from '../mcp/injection.js';
import { SignInRequiredError, type McpSession } from '../mcp/mcp-session.js';
import { McpToolHost, offerTools } from '../mcp/tool-host.js';
import { selectTools } from '../mcp/tool-policy.js';
import { endpointURL, listModels, probeModel } from '../model/openai-endpoint.js';
import { ToolsRefusedError } from '../model/tools-refused.js';
import type { Redactor } from '../output/redact.js';
import { connectWith, describeStoredToken, mcpCredential, type McpCredential } from './connect-mcp.js';
import { readConventions } from './read-conventions.js';
import { RepositoryReader } from './repository-reader.js';

/** A check that takes longer counts as failed; loading a local model into memory can take this long. */
export const PROBE_TIMEOUT_MS = 60_000;

export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  message: string;
  /** How to fix it, for a failed check. */
  hint?: string;
}

export interface DoctorInput {
  mcp: McpConfig;
  /** The stored sign-in used when no credential header is given. */
  oauth?: OAuthConfig;
  tools: ToolConfig;
  conventionsPath: string | null;
  maxToolChars: number;
  toolTimeoutMs: number;
  model: { name: string; baseURL?: string; apiKey?: string; provider?: Provider; toolFormat: ToolFormat };
}

/** What doctor needs, from flags, environment and the configuration file; a UsageError names everything missing. */
export function doctorInput(
  flags: Flags,
  env: Env,
  file: FileSettings = {},
): { input: DoctorInput; summary: string; secrets: readonly string[] } {
  const settings = resolveSettings(flags, env, [], file);
  const missing = (['mcpUrl', 'model'] as const)
    .filter((name) => settings[name] === undefined)
    .map((name) => `missing setting ${describeSetting(name)}`);
  let endpoint: ReturnType<typeof modelEndpointOf> | undefined;
  try {
    endpoint = modelEndpointOf(settings);
  } catch (error) {
    missing.push(errorLine(error));
  }
  if (missing.length || !endpoint) throw new UsageError(missing.join('; '));
  const { toolFormat } = settings;
  const tools = toolConfigOf(settings);
  const input: DoctorInput = {
    mcp: mcpConfigOf(settings),
    oauth: oauthConfigOf(settings, env),
    tools,
    conventionsPath: conventionsPathOf(settings),
    maxToolChars: settings.maxToolChars,
    toolTimeoutMs: milliseconds(settings.toolTimeout),
    model: { name: settings.model ?? '', ...endpoint, toolFormat },
  };
  const where = endpointURL(endpoint.baseURL);
  const summary =
    `MCP server ${input.mcp.url}, project ${tools.projectId ?? 'not set'}, ref ${tools.ref ?? 'not set'}; ` +
    `model ${input.model.name} at ${where} (${endpoint.provider ?? 'openai'}, tool format ${toolFormat})`;
  return { input, summary, secrets: settingsSecrets(settings) };
}

/**
 * Runs the checks after the settings, reporting each as it completes. A stored
 * sign-in's tokens join `redactor`, which the report is printed with.
 */
export async function runDoctorChecks(
  input: DoctorInput,
  report: (result: CheckResult) => void,
  redactor: Redactor,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult): void => {
    results.push(result);
    report(result);
  };
  await checkMcp(input, add, redactor);
  await checkModel(input, add);
  return results;
}

const MCP_CHECKS = ['MCP server', 'MCP auth', 'tools', 'conventions'] as const;

/** The kind of a failure to connect; anything not a ServiceError (a fetch that threw) is a server nobody reached. */
function failureKind(error: unknown): ServiceErrorKind {
  return error instanceof ServiceError ? error.kind : 'unreachable';
}

/** What to do about an MCP server that failed to connect, by the kind of failure. */
export function mcpServerHint(kind: ServiceErrorKind): string {
  // A server that answers with an error status is there, at another address than its MCP endpoint.
  return kind === 'http'
    ? 'is --mcp-url (GITLAB_MCP_URL) the MCP endpoint of the server?'
    : 'is the server running, and --mcp-url (GITLAB_MCP_URL) right?';
}

/** What to do about a model endpoint whose model list failed, by the kind of failure. */
export function modelEndpointHint(kind: ServiceErrorKind): string {
  return kind === 'auth'
    ? 'set a valid key: OPENAI_API_KEY or --api-key'
    : 'is the server running, and --base-url (OPENAI_BASE_URL) or --provider right?';
}

async function checkMcp(input: DoctorInput, add: (result: CheckResult) => void, redactor: Redactor): Promise<void> {
  const skipRest = (after: (typeof MCP_CHECKS)[number], why: string): void => {
    for (const check of MCP_CHECKS.slice(MCP_CHECKS.indexOf(after) + 1)) add({ check, status: 'skipped', message: `not checked (${why})` });
  };
  let session: McpSession;
  let credential: McpCredential;
  try {
    credential = await mcpCredential(input.mcp, input.oauth, redactor);
    session = await connectWith(input.mcp, credential);
  } catch (error) {
    const kind = failureKind(error);
    if (kind === 'auth') {
      add({ check: 'MCP server', status: 'ok', message: `${input.mcp.url} answers` });
      const hint =
        error instanceof SignInRequiredError
          ? 'or set a token: GITLAB_MCP_TOKEN, --mcp-token or --mcp-header'
          : 'set a valid token: GITLAB_MCP_TOKEN, --mcp-token or --mcp-header';
      add({ check: 'MCP auth', status: 'failed', message: errorLine(error), hint });
      skipRest('MCP auth', 'the credentials were refused');
      return;
    }
    add({
      check: 'MCP server',
      status: 'failed',
      message: errorLine(error),
      hint:
        error instanceof UsageError
          ? 'the stored sign-in cannot be read; fix its permissions, or writer logout and writer login again'
          : mcpServerHint(kind),
    });
    skipRest('MCP server', 'the server is not reachable');
    return;
  }
  try {
    add({ check: 'MCP server', status: 'ok', message: `${input.mcp.url} answers (${session.serverName}, ${session.transportKind})` });
    add({ check: 'MCP auth', status: 'ok', message: await acceptedCredential(credential, input.mcp) });

    let catalogue: Awaited<ReturnType<McpSession['listTools']>>;
    try {
      catalogue = await session.listTools();
    } catch (error) {
      add({
        check: 'tools',
        status: 'failed',
        message: errorLine(error),
        hint: 'the server connected but cannot list its tools; see its logs',
      });
      skipRest('tools', 'no tools');
      return;
    }
    const selection = selectTools(catalogue, input.tools.policy);
    const offered = offerTools(selection.offered, injectionRules(input.tools), { compact: !input.tools.fullSchemas });
    const injected = [...new Set(offered.flatMap((entry) => Object.keys(entry.injection.values)))];
    const figures = `${catalogue.length} listed, ${offered.length} offered to the model; injected: ${injected.length ? injected.join(', ') : 'none'}`;
    if (!offered.length) {
      add({
        check: 'tools',
        status: 'failed',
        message: `${figures}`,
        hint: 'no read-only tool passes --tools, --allow-tool and --deny-tool; writer tools shows why',
      });
      skipRest('tools', 'no tools offered');
      return;
    }
    add({ check: 'tools', status: 'ok', message: `${figures} (${offered.map((entry) => entry.definition.name).join(', ')})` });

    if (input.conventionsPath === null) {
      add({ check: 'conventions', status: 'ok', message: 'not read (--conventions none)' });
      return;
    }
    const host = new McpToolHost(session, offered);
    const reader = new RepositoryReader(host, { timeoutMs: input.toolTimeoutMs });
    try {
      const text = await readConventions(reader, input.conventionsPath, {
        projectId: input.tools.projectId,
        ref: input.tools.ref,
        maxChars: Number.MAX_SAFE_INTEGER,
      });
      const where = `project ${input.tools.projectId ?? 'not set'}, ref ${input.tools.ref ?? 'not set'}`;
      add({
        check: 'conventions',
        status: 'ok',
        message: `${input.conventionsPath} read (${where}, ${text.length} characters, with ${reader.tool?.name ?? 'a tool'})`,
      });
    } catch (error) {
      add({
        check: 'conventions',
        status: 'failed',
        message: errorLine(error),
        hint: 'check --project-id and --ref (GITLAB_PROJECT_ID, GITLAB_REF) and the path (--conventions)',
      });
    }
  } finally {
    await session.close();
  }
}

/** Which credential the server accepted: a static token or headers, the stored sign-in with its scope and expiry, or none. */
async function acceptedCredential(credential: McpCredential, mcp: McpConfig): Promise<string> {
  if (credential.kind === 'static') return `static credentials accepted (${Object.keys(mcp.headers).join(', ')})`;
  if (credential.kind === 'oauth') return `${await describeStoredToken(credential.provider)} accepted`;
  const sent = Object.keys(mcp.headers);
  return sent.length ? `no credentials sent (headers: ${sent.join(', ')}), none needed` : 'no credentials sent, none needed';
}

const MODEL_CHECKS = ['model endpoint', 'model', 'tool request'] as const;

async function checkModel(input: DoctorInput, add: (result: CheckResult) => void): Promise<void> {
  const { model } = input;
  const skipRest = (after: (typeof MODEL_CHECKS)[number], why: string): void => {
    for (const check of MODEL_CHECKS.slice(MODEL_CHECKS.indexOf(after) + 1))
      add({ check, status: 'skipped', message: `not checked (${why})` });
  };
  const endpoint = { baseURL: model.baseURL, apiKey: model.apiKey, timeoutMs: PROBE_TIMEOUT_MS };
  const url = endpointURL(model.baseURL);

  let names: string[];
  try {
    names = await listModels({ ...endpoint, ollamaTags: model.provider === 'ollama' });
  } catch (error) {
    add({ check: 'model endpoint', status: 'failed', message: errorLine(error), hint: modelEndpointHint(failureKind(error)) });
    skipRest('model endpoint', 'the endpoint is not reachable');
    return;
  }
  add({ check: 'model endpoint', status: 'ok', message: `${url} answers (${names.length} model${names.length === 1 ? '' : 's'})` });

  const found = names.find((name) => name === model.name || name === `${model.name}:latest`);
  if (found) {
    add({ check: 'model', status: 'ok', message: `${model.name} is served` });
  } else if (model.provider === 'llamacpp' && names.length) {
    // llama.cpp's server answers with the model it loaded, whatever name a request gives.
    add({ check: 'model', status: 'ok', message: `llama.cpp serves its loaded model (${names.join(', ')}) under any name` });
  } else {
    add({
      check: 'model',
      status: 'failed',
      message: `${model.name} is not served by ${url}${names.length ? ` (it serves: ${shortList(names)})` : ' (it lists no models)'}`,
      hint: 'writer models lists them; set --model (OPENAI_MODEL_WRITER)',
    });
    skipRest('model', 'no such model');
    return;
  }

  const probe = {
    ...endpoint,
    model: model.name,
    tokenLimit: replyLimitParameter(model.provider, model.baseURL),
  };
  if (model.toolFormat === 'text') {
    await probeOnce(
      add,
      { ...probe, withTool: false },
      'the model answers a request (tools are described in the prompt, --tool-format text)',
    );
    return;
  }
  try {
    await probeModel({ ...probe, withTool: true });
    add({ check: 'tool request', status: 'ok', message: 'the model accepts a request with one tool (native tool calls)' });
  } catch (error) {
    if (!(error instanceof ToolsRefusedError)) {
      add({
        check: 'tool request',
        status: 'failed',
        message: errorLine(error),
        hint: "see the server's logs; writer models lists what it serves",
      });
      return;
    }
    if (model.toolFormat === 'native') {
      add({
        check: 'tool request',
        status: 'failed',
        message: errorLine(error),
        hint: 'use --tool-format auto or text: tools are then described in the prompt',
      });
      return;
    }
    await probeOnce(
      add,
      { ...probe, withTool: false },
      `no native tool calls (${error.detail}); --tool-format auto will use text tool calls, and the model answers without tools`,
    );
  }
}

async function probeOnce(add: (result: CheckResult) => void, options: Parameters<typeof probeModel>[0], success: string): Promise<void> {
  try {
    await probeModel(options);
    add({ check: 'tool request', status: 'ok', message: success });
  } catch (error) {
    add({
      check: 'tool request',
      status: 'failed',
      message: errorLine(error),
      hint: "see the server's logs; writer models lists what it serves",
    });
  }
}

function shortList(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
