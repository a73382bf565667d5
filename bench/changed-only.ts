// Scenario 7 (issue 14): a pipeline run after one of six specs changed. From the same output
// folder (six suites and their manifest), `--changed-only` against a full regeneration
// (`--force`): model requests, bytes sent to the model, MCP calls and time, through the CLI.

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestMcpServer } from '../test/fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedReply } from '../test/fixtures/openai-server.js';
import { CANCEL_ORDER_SUITE, fenced } from '../test/helpers/suites.js';
import { describeFailure, runWriter } from './cli.js';
import { median, sum } from './format.js';
import { MODEL_LATENCY_MS } from './many-specs.js';
import { MCP_TOKEN, batchArgs, readFile, type Summary } from './scripted-generation.js';

const IDS = ['ORDER-701', 'ORDER-702', 'ORDER-703', 'ORDER-704', 'ORDER-705', 'ORDER-706'] as const;
const CHANGED = 'ORDER-703';
const SHARED_RESOURCE = 'resources/orders.resource';
const RUNS_PER_MODE = 3;
/** Room for repair rounds; the script only runs out when something is wrong. */
const TURNS_PER_SPEC = 4;

export interface ModeFigures {
  mode: 'changed-only' | 'full';
  runs: number;
  /** Medians over the runs. */
  modelRequests: number;
  conversations: number;
  bytesSent: number;
  mcpCalls: number;
  wallMs: number;
  wallAllMs: number[];
  statuses: Record<string, number>;
}

export interface ChangedOnlyFigures {
  specs: number;
  changed: string;
  modelLatencyMs: number;
  modes: ModeFigures[];
}

function suiteFor(id: string, title: string): string {
  return CANCEL_ORDER_SUITE.replace('ORDER-002', id).replace('Cancelling orders.', `${title}.`);
}

/** Read the shared resource, then answer with the spec's suite; concurrent specs interleave, so each request says which spec it is. */
function answerBySpec(request: ChatRequest): ScriptedReply {
  const user = request.messages.find((message) => message.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : '';
  const id = /"id": "([A-Z]+-\d+)"/.exec(text)?.[1];
  const title = /"title": "([^"]+)"/.exec(text)?.[1];
  if (id === undefined || title === undefined) throw new Error('the first user message names no spec');
  if (!request.messages.some((message) => message.role === 'tool')) return { toolCalls: [readFile(SHARED_RESOURCE)] };
  return { content: fenced(suiteFor(id, title)) };
}

async function writeSpec(folder: string, id: string, title: string): Promise<void> {
  const spec = { id, title, steps: ['Log in', 'Create an order'], rf: { target_path: `tests/batch/${id.toLowerCase()}.robot` } };
  await writeFile(path.join(folder, `${id.toLowerCase()}.json`), JSON.stringify(spec));
}

/** One batch through the CLI with fresh servers, counting what the model and the MCP server received. */
async function runBatch(
  specs: string,
  out: string,
  extra: readonly string[],
): Promise<{ model: FakeOpenAI; mcpCalls: number; wallMs: number; report: { results: Summary[] } }> {
  const mcp = await startTestMcpServer({ token: MCP_TOKEN });
  const model = await startFakeOpenAI({
    turns: Array.from({ length: IDS.length * TURNS_PER_SPEC }, () => answerBySpec),
    latencyMs: MODEL_LATENCY_MS,
  });
  try {
    const run = await runWriter(batchArgs(specs, out, { mcpUrl: mcp.url, baseURL: model.baseURL }, extra));
    if (run.code !== 0) throw new Error(`writer generate ${extra.join(' ')} failed (${describeFailure(run)})`);
    if (model.failures.length) throw new Error(`the scripted model refused a request: ${model.failures[0]}`);
    return { model, mcpCalls: mcp.calls.length, wallMs: Math.round(run.wallMs), report: JSON.parse(run.stdout) as { results: Summary[] } };
  } finally {
    await model.close();
    await mcp.close();
  }
}

export async function benchChangedOnly(): Promise<ChangedOnlyFigures> {
  const work = await mkdtemp(path.join(tmpdir(), 'writer-bench-changed-'));
  try {
    const specs = path.join(work, 'specs');
    await mkdir(specs, { recursive: true });
    for (const id of IDS) await writeSpec(specs, id, `Order check ${id}`);
    const base = path.join(work, 'out-base');
    await runBatch(specs, base, []);
    await writeSpec(specs, CHANGED, `Order check ${CHANGED}, now cancelled as well`);

    const modes: ModeFigures[] = [];
    for (const [mode, flag] of [
      ['changed-only', '--changed-only'],
      ['full', '--force'],
    ] as const) {
      const runs = [];
      for (let index = 0; index < RUNS_PER_MODE; index += 1) {
        // Every run starts from the same six suites and manifest.
        const out = path.join(work, `out-${mode}-${index}`);
        await cp(base, out, { recursive: true });
        const run = await runBatch(specs, out, [flag]);
        const statuses: Record<string, number> = {};
        for (const result of run.report.results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        runs.push({
          modelRequests: run.model.requests.length,
          conversations: run.model.requests.filter((request) => !request.messages.some((message) => message.role === 'assistant')).length,
          bytesSent: sum(run.model.requestBytes),
          mcpCalls: run.mcpCalls,
          wallMs: run.wallMs,
          statuses,
        });
      }
      modes.push({
        mode,
        runs: runs.length,
        modelRequests: median(runs.map((run) => run.modelRequests)),
        conversations: median(runs.map((run) => run.conversations)),
        bytesSent: median(runs.map((run) => run.bytesSent)),
        mcpCalls: median(runs.map((run) => run.mcpCalls)),
        wallMs: median(runs.map((run) => run.wallMs)),
        wallAllMs: runs.map((run) => run.wallMs),
        statuses: runs[0]?.statuses ?? {},
      });
    }
    return { specs: IDS.length, changed: CHANGED, modelLatencyMs: MODEL_LATENCY_MS, modes };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
