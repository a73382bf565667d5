// What every scenario's scripted model needs: the spec, the final answer, and turns that
// note when each chat request arrived (the round boundaries, seen from the model's side).

import { fileURLToPath } from 'node:url';
import {
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type ScriptedReply,
  type ScriptedToolCall,
  type ScriptedTurn,
} from '../test/fixtures/openai-server.js';
import { startGitLabApi } from '../test/fixtures/gitlab-api.js';
import { startZereightServer } from '../test/fixtures/zereight-server.js';
import { CANCEL_ORDER_SUITE, fenced } from '../test/helpers/suites.js';
import { describeFailure, runWriter } from './cli.js';

export const SPEC = fileURLToPath(new URL('../test/fixtures/specs/cancel-order.json', import.meta.url));
export const MODEL = 'gpt-test';
export const API_KEY = 'sk-bench-key-0000';
export const MCP_TOKEN = 'mcp-bench-token-0000';
export const PROJECT_ID = '42';
export const REF = 'qa-fixtures';
/** The example repository every scenario reads, unless it adds files to a copy. */
export const FIXTURE_REPO = fileURLToPath(new URL('../examples/robot-repo/', import.meta.url));
const GITLAB_TOKEN = 'glpat-bench-stand-in';

/**
 * The real @zereight/mcp-gitlab in front of the stand-in GitLab API serving `repoDir`,
 * for the length of `use(mcpUrl)`; both are closed however it ends.
 */
export async function withZereight<T>(repoDir: string, use: (mcpUrl: string) => Promise<T>): Promise<T> {
  const api = await startGitLabApi({ repoDir, projectId: PROJECT_ID, projectPath: 'qa/robot-repo', ref: REF, token: GITLAB_TOKEN });
  try {
    const server = await startZereightServer({ apiUrl: api.url, gitlabToken: GITLAB_TOKEN, authToken: MCP_TOKEN });
    try {
      return await use(server.url);
    } finally {
      await server.close();
    }
  } finally {
    await api.close();
  }
}

/** One reply of tool calls per round, then the suite in a fenced block. */
export function scriptedTurns(rounds: ReadonlyArray<readonly ScriptedToolCall[]>): ScriptedReply[] {
  return [...rounds.map((calls): ScriptedReply => ({ toolCalls: [...calls] })), { content: fenced(CANCEL_ORDER_SUITE) }];
}

/** The same turns, recording `Date.now()` as each chat request arrives. */
export function timedTurns(replies: readonly ScriptedReply[], arrivals: number[]): ScriptedTurn[] {
  return replies.map((reply) => () => {
    arrivals.push(Date.now());
    return reply;
  });
}

export function readFile(filePath: string): ScriptedToolCall {
  return { name: 'get_file_contents', arguments: { file_path: filePath } };
}

export function readTree(dir: string, recursive = false): ScriptedToolCall {
  return { name: 'get_repository_tree', arguments: { path: dir, ...(recursive ? { recursive: true } : {}) } };
}

/** The flags that point writer at the bench's MCP server, in its project and ref. */
export function mcpFlags(mcpUrl: string): string[] {
  return ['--mcp-url', mcpUrl, '--mcp-token', MCP_TOKEN, '--project-id', PROJECT_ID, '--ref', REF];
}

/** The flags that point writer at the bench's scripted model server. */
export function modelFlags(baseURL: string): string[] {
  return ['--model', MODEL, '--base-url', baseURL, '--api-key', API_KEY];
}

/** The same servers as settings for resolveConfig, for the scenarios that run writer in process. */
export function serverSettings(
  mcpUrl: string,
  baseURL: string,
): { mcpUrl: string; mcpToken: string; projectId: string; ref: string; model: string; baseUrl: string; apiKey: string } {
  return { mcpUrl, mcpToken: MCP_TOKEN, projectId: PROJECT_ID, ref: REF, model: MODEL, baseUrl: baseURL, apiKey: API_KEY };
}

/** The CLI flags of a dry run against the given servers, summary as JSON on stdout. */
export function generateArgs(mcpUrl: string, baseURL: string, extra: readonly string[] = []): string[] {
  return ['generate', '--spec', SPEC, ...mcpFlags(mcpUrl), ...modelFlags(baseURL), '--dry-run', '--json', ...extra];
}

/** The CLI flags of a batch over a folder of specs against the given servers, summary as JSON on stdout. */
export function batchArgs(
  specs: string,
  out: string,
  servers: { mcpUrl: string; baseURL: string },
  extra: readonly string[] = [],
): string[] {
  return ['generate', '--spec', specs, '--out', out, '--json', ...mcpFlags(servers.mcpUrl), ...modelFlags(servers.baseURL), ...extra];
}

export interface Summary {
  status: string;
  rounds: number;
  toolCalls: number;
  repeatsAvoided: number;
  truncatedChars: number;
  durationMs: number;
  error: string | null;
  usage?: { promptTokens: number; completionTokens: number; cachedTokens?: number };
  /** The suite, on a dry run. */
  content?: string;
}

/**
 * A dry run through the CLI against a scripted model that plays `rounds` and then the suite:
 * its status, and what `figures` reads from the model and the summary before the model closes.
 */
export async function scriptedGeneration<T>(
  mcpUrl: string,
  rounds: ReadonlyArray<readonly ScriptedToolCall[]>,
  flags: readonly string[],
  options: Partial<FakeOpenAIOptions>,
  figures: (model: FakeOpenAI, summary: Summary | undefined) => T,
): Promise<T & { status: string; error?: string }> {
  const model = await startFakeOpenAI({ turns: scriptedTurns(rounds), ...options });
  try {
    const run = await runWriter(generateArgs(mcpUrl, model.baseURL, flags));
    const summary = run.stdout.trim() ? (JSON.parse(run.stdout) as Summary) : undefined;
    const failure = model.failures[0] ?? (run.code !== 0 ? describeFailure(run) : undefined);
    return {
      status: failure ? 'failed' : (summary?.status ?? 'unknown'),
      ...(failure ? { error: failure } : {}),
      ...figures(model, summary),
    };
  } finally {
    await model.close();
  }
}
