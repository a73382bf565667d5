// Scenario 7 (issue 15): what a suite costs in bytes and tokens. The generation of scenario 3
// against the real GitLab MCP server (compact schemas on and off), and the six-spec batch of
// scenario 6, both through the CLI against a scripted model that reports cached prompt tokens
// as a provider's prefix cache would. The share of each prompt that an earlier request of the
// run already began with is what such a cache can serve.

import { mkdtemp, readFile as readText, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestMcpServer } from '../test/fixtures/mcp-server.js';
import type { FakeOpenAI } from '../test/fixtures/openai-server.js';
import { CANCEL_ORDER_SUITE } from '../test/helpers/suites.js';
import { describeFailure, runWriter } from './cli.js';
import { sum } from './format.js';
import { IDS, startModel, suiteFor, writeSpecs } from './many-specs.js';
import { FIXTURE_REPO, MCP_TOKEN, batchArgs, scriptedGeneration, withZereight, type Summary } from './scripted-generation.js';
import { SURFACE_ROUNDS } from './tool-surface.js';

const GENERATION_VARIANTS = [
  { label: 'default', flags: [] as string[] },
  { label: '--full-schemas', flags: ['--full-schemas'] },
] as const;

export interface TrafficFigures {
  status: string;
  error?: string;
  requests: number;
  requestBytes: number[];
  totalBytes: number;
  /** Bytes of the `tools` array of the first request. */
  schemaBytes: number;
  /** Characters of every prompt together, and how many of them an earlier request of the run began with. */
  promptChars: number;
  sharedPrefixChars: number;
  /** Tokens as the --json report gives them (cachedTokens: undefined when the report has none). */
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  /** Whether every suite is the one the scripted model answered. */
  sameSuites: boolean;
}

export interface TokenCostFigures {
  server: string;
  generation: Array<TrafficFigures & { label: string }>;
  batch: TrafficFigures & {
    specs: number;
    /** The first request of each spec after the first: the share of its prompt an earlier spec's began with. */
    firstRequestShare: number;
  };
}

function traffic(
  model: FakeOpenAI,
): Pick<TrafficFigures, 'requests' | 'requestBytes' | 'totalBytes' | 'schemaBytes' | 'promptChars' | 'sharedPrefixChars'> {
  return {
    requests: model.requests.length,
    requestBytes: [...model.requestBytes],
    totalBytes: sum(model.requestBytes),
    schemaBytes: Buffer.byteLength(JSON.stringify(model.requests[0]?.tools ?? [])),
    promptChars: sum(model.promptChars),
    sharedPrefixChars: sum(model.sharedPrefixChars),
  };
}

function tokens(summaries: readonly Summary[]): Pick<TrafficFigures, 'promptTokens' | 'completionTokens' | 'cachedTokens'> {
  const cached = summaries.map((summary) => summary.usage?.cachedTokens);
  return {
    promptTokens: sum(summaries.map((summary) => summary.usage?.promptTokens ?? 0)),
    completionTokens: sum(summaries.map((summary) => summary.usage?.completionTokens ?? 0)),
    ...(cached.every((value) => typeof value === 'number') ? { cachedTokens: sum(cached) } : {}),
  };
}

function generation(mcpUrl: string, flags: readonly string[]): Promise<TrafficFigures> {
  return scriptedGeneration(mcpUrl, SURFACE_ROUNDS, flags, { prefixCache: true }, (model, summary) => ({
    ...traffic(model),
    ...tokens(summary ? [summary] : []),
    sameSuites: summary?.content === CANCEL_ORDER_SUITE,
  }));
}

async function batch(): Promise<TokenCostFigures['batch']> {
  const work = await mkdtemp(path.join(tmpdir(), 'writer-bench-cost-'));
  const mcp = await startTestMcpServer({ token: MCP_TOKEN });
  const model = await startModel({ latencyMs: 0, prefixCache: true });
  try {
    const specs = path.join(work, 'specs');
    const out = path.join(work, 'out');
    await writeSpecs(specs);
    // Default concurrency: specs interleave as they do in CI.
    const run = await runWriter(batchArgs(specs, out, { mcpUrl: mcp.url, baseURL: model.baseURL }));
    const report = run.stdout.trim() ? (JSON.parse(run.stdout) as { results: Summary[] }) : undefined;
    const failure = model.failures[0] ?? (run.code !== 0 ? describeFailure(run) : undefined);
    const written = await Promise.all(
      IDS.map((id) =>
        readText(path.join(out, 'tests/batch', `${id.toLowerCase()}.robot`), 'utf8').then(
          (text) => text === suiteFor(id),
          () => false,
        ),
      ),
    );
    // A spec's first request is the one without tool results; the very first has no earlier spec to share with.
    const firsts = model.requests
      .flatMap((request, index) => (request.messages.some((message) => message.role === 'tool') ? [] : [index]))
      .slice(1);
    return {
      specs: IDS.length,
      status: failure ? 'failed' : 'ok',
      ...(failure ? { error: failure } : {}),
      ...traffic(model),
      ...tokens(report?.results ?? []),
      sameSuites: written.every(Boolean),
      firstRequestShare:
        sum(firsts.map((index) => model.sharedPrefixChars[index] ?? 0)) /
        Math.max(1, sum(firsts.map((index) => model.promptChars[index] ?? 0))),
    };
  } finally {
    await model.close();
    await mcp.close();
    await rm(work, { recursive: true, force: true });
  }
}

export async function benchTokenCost(): Promise<TokenCostFigures> {
  const rows: TokenCostFigures['generation'] = [];
  await withZereight(FIXTURE_REPO, async (mcpUrl) => {
    for (const variant of GENERATION_VARIANTS) rows.push({ label: variant.label, ...(await generation(mcpUrl, variant.flags)) });
  });
  return { server: '@zereight/mcp-gitlab 2.1.64 (default toolsets)', generation: rows, batch: await batch() };
}
