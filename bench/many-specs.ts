// Scenario 6 (issue 6): many specs in one run. Six specs through the CLI one at a time and
// three at a time against a slow scripted model; and the tool calls the MCP server receives
// with the batch's shared reads on and off. Sharing has no CLI flag, so that comparison runs
// in-process through generateBatch with its own `shareReads` switch.

import { mkdir, mkdtemp, readFile as readText, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBatch } from '../src/app/batch.js';
import { DEFAULT_CONVENTIONS_PATH } from '../src/config/defaults.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { Redactor } from '../src/output/redact.js';
import { findSpecs } from '../src/spec/find-specs.js';
import { startTestMcpServer, type ToolCallRecord } from '../test/fixtures/mcp-server.js';
import {
  startFakeOpenAI,
  type ChatRequest,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type ScriptedReply,
} from '../test/fixtures/openai-server.js';
import { CANCEL_ORDER_SUITE, fenced } from '../test/helpers/suites.js';
import { describeFailure, runWriter } from './cli.js';
import { median, sum } from './format.js';
import { MCP_TOKEN, batchArgs, readFile, serverSettings, type Summary } from './scripted-generation.js';

export const MODEL_LATENCY_MS = 300;
export const IDS = ['ORDER-601', 'ORDER-602', 'ORDER-603', 'ORDER-604', 'ORDER-605', 'ORDER-606'] as const;
const SHARED_RESOURCE = 'resources/orders.resource';
/** Model replies per spec: the round that reads the shared resource, then the suite. */
const REPLIES_PER_SPEC = 2;
const RUNS_PER_SETTING = 3;
const CONCURRENCIES = [1, 3] as const;
const SHARING_CONCURRENCY = 3;
/** Room for the repair rounds a spec could need; the script only runs out when something is wrong. */
const TURNS_PER_SPEC = 4;

export interface BatchRun {
  concurrency: number;
  wallMs: number;
  /** durationMs of each spec in the --json report. */
  specMs: number[];
  serverCalls: number;
  conventionsReads: number;
}

export interface ServerCalls {
  conventionsReads: number;
  sharedResourceReads: number;
  serverCalls: number;
  /** The batch's own count: calls it sent to the server and calls answered from the shared reads. */
  sent: number;
  shared: number;
}

export interface ManySpecsFigures {
  specs: number;
  modelLatencyMs: number;
  sharedResource: string;
  timing: Array<{
    concurrency: number;
    runs: number;
    wallMs: number;
    wallAllMs: number[];
    specMedianMs: number;
    specSumMs: number;
    /** Model latency alone: ceil(specs / concurrency) waves of two replies. */
    idealMs: number;
    serverCalls: number;
    conventionsReads: number;
  }>;
  /** Time of three at a time over one at a time; the target is at most 0.6. */
  ratio: number;
  sharing: { concurrency: number; on: ServerCalls; off: ServerCalls; cli: ServerCalls };
}

export function suiteFor(id: string): string {
  return CANCEL_ORDER_SUITE.replace('ORDER-002', id);
}

/** Answers by what each request asks, since concurrent specs interleave: read the shared resource, then the suite. */
function answerBySpec(request: ChatRequest): ScriptedReply {
  const user = request.messages.find((message) => message.role === 'user');
  const id = /"id": "([A-Z]+-\d+)"/.exec(typeof user?.content === 'string' ? user.content : '')?.[1];
  if (id === undefined) throw new Error('the first user message names no spec id');
  if (!request.messages.some((message) => message.role === 'tool')) return { toolCalls: [readFile(SHARED_RESOURCE)] };
  return { content: fenced(suiteFor(id)) };
}

/** The batch's scripted model; `options` adds to (or overrides) its settings. */
export function startModel(options: Partial<FakeOpenAIOptions> = {}): Promise<FakeOpenAI> {
  return startFakeOpenAI({
    turns: Array.from({ length: IDS.length * TURNS_PER_SPEC }, () => answerBySpec),
    latencyMs: MODEL_LATENCY_MS,
    ...options,
  });
}

export async function writeSpecs(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const id of IDS) {
    const spec = {
      id,
      title: `Order check ${id}`,
      steps: ['Log in', 'Create an order'],
      rf: { target_path: `tests/batch/${id.toLowerCase()}.robot` },
    };
    await writeFile(path.join(folder, `${id.toLowerCase()}.json`), JSON.stringify(spec));
  }
}

function readsOf(calls: readonly ToolCallRecord[], filePath: string): number {
  return calls.filter((call) => call.arguments.file_path === filePath).length;
}

/** One batch through the CLI, with fresh servers and a fresh output folder. */
async function runCliBatch(
  specs: string,
  out: string,
  concurrency: number,
): Promise<BatchRun & { sent: number; shared: number; sharedResourceReads: number }> {
  const mcp = await startTestMcpServer({ token: MCP_TOKEN });
  const model = await startModel();
  try {
    const run = await runWriter(batchArgs(specs, out, { mcpUrl: mcp.url, baseURL: model.baseURL }, ['--concurrency', String(concurrency)]));
    if (run.code !== 0) throw new Error(`writer generate --concurrency ${concurrency} failed (${describeFailure(run)})`);
    if (model.failures.length) throw new Error(`the scripted model refused a request: ${model.failures[0]}`);
    const report = JSON.parse(run.stdout) as { results: Summary[]; ok: number; failed: number };
    if (report.ok !== IDS.length || report.failed !== 0) throw new Error(`${report.ok} of ${IDS.length} specs written`);
    for (const id of IDS) {
      const written = await readText(path.join(out, 'tests/batch', `${id.toLowerCase()}.robot`), 'utf8');
      if (written !== suiteFor(id)) throw new Error(`the suite of ${id} is not the one its conversation answered`);
    }
    const reads = /repository reads: (\d+) sent to the server, (\d+) shared between specs/.exec(run.stderr);
    return {
      concurrency,
      wallMs: Math.round(run.wallMs),
      specMs: report.results.map((result) => result.durationMs),
      serverCalls: mcp.calls.length,
      conventionsReads: readsOf(mcp.calls, DEFAULT_CONVENTIONS_PATH),
      sharedResourceReads: readsOf(mcp.calls, SHARED_RESOURCE),
      sent: Number(reads?.[1] ?? Number.NaN),
      shared: Number(reads?.[2] ?? Number.NaN),
    };
  } finally {
    await model.close();
    await mcp.close();
  }
}

/** The same batch in-process, with the shared reads on or off. */
async function runInProcess(specs: string, out: string, shareReads: boolean): Promise<ServerCalls> {
  const mcp = await startTestMcpServer({ token: MCP_TOKEN });
  const model = await startModel();
  try {
    // Flags only, no environment: the host's settings cannot leak into the figures.
    const config = resolveConfig(
      {
        spec: specs,
        out,
        concurrency: String(SHARING_CONCURRENCY),
        ...serverSettings(mcp.url, model.baseURL),
      },
      {},
    );
    const { files } = await findSpecs(config.specPatterns);
    const quiet = (): void => undefined;
    const { entries, reads } = await generateBatch(config, files, {
      emit: quiet,
      emitFor: () => quiet,
      shareReads,
      redactor: new Redactor(config.secrets),
    });
    const failed = entries.find((entry) => entry.result.status !== 'ok');
    if (failed)
      throw new Error(`${failed.label} failed with shared reads ${shareReads ? 'on' : 'off'}: ${failed.result.error ?? 'unknown error'}`);
    if (model.failures.length) throw new Error(`the scripted model refused a request: ${model.failures[0]}`);
    return {
      conventionsReads: readsOf(mcp.calls, DEFAULT_CONVENTIONS_PATH),
      sharedResourceReads: readsOf(mcp.calls, SHARED_RESOURCE),
      serverCalls: mcp.calls.length,
      sent: reads.serverCalls,
      shared: reads.shared,
    };
  } finally {
    await model.close();
    await mcp.close();
  }
}

export async function benchManySpecs(): Promise<ManySpecsFigures> {
  const work = await mkdtemp(path.join(tmpdir(), 'writer-bench-batch-'));
  try {
    const specs = path.join(work, 'specs');
    await writeSpecs(specs);
    const timing: ManySpecsFigures['timing'] = [];
    let cliSharing: ServerCalls | undefined;
    for (const concurrency of CONCURRENCIES) {
      const runs = [];
      for (let i = 0; i < RUNS_PER_SETTING; i++)
        runs.push(await runCliBatch(specs, path.join(work, `out-cli-${concurrency}-${i}`), concurrency));
      const typical = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];
      if (typical && concurrency === SHARING_CONCURRENCY) cliSharing = typical;
      timing.push({
        concurrency,
        runs: runs.length,
        wallMs: median(runs.map((run) => run.wallMs)),
        wallAllMs: runs.map((run) => run.wallMs),
        specMedianMs: median(runs.flatMap((run) => run.specMs)),
        specSumMs: median(runs.map((run) => sum(run.specMs))),
        idealMs: Math.ceil(IDS.length / concurrency) * REPLIES_PER_SPEC * MODEL_LATENCY_MS,
        serverCalls: median(runs.map((run) => run.serverCalls)),
        conventionsReads: median(runs.map((run) => run.conventionsReads)),
      });
    }
    const on = await runInProcess(specs, path.join(work, 'out-shared'), true);
    const off = await runInProcess(specs, path.join(work, 'out-unshared'), false);
    const one = timing.find((setting) => setting.concurrency === 1);
    const three = timing.find((setting) => setting.concurrency === 3);
    if (!one || !three || !cliSharing) throw new Error('a concurrency setting did not run');
    return {
      specs: IDS.length,
      modelLatencyMs: MODEL_LATENCY_MS,
      sharedResource: SHARED_RESOURCE,
      timing,
      ratio: three.wallMs / one.wallMs,
      sharing: {
        concurrency: SHARING_CONCURRENCY,
        on,
        off,
        cli: {
          conventionsReads: cliSharing.conventionsReads,
          sharedResourceReads: cliSharing.sharedResourceReads,
          serverCalls: cliSharing.serverCalls,
          sent: cliSharing.sent,
          shared: cliSharing.shared,
        },
      },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
