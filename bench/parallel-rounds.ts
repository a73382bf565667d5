// Scenario 1 (issue 5): the tool calls of one reply run in parallel. A fixed generation with
// slow model replies and slow tools, timed through the CLI against its critical path.

import { startTestMcpServer } from '../test/fixtures/mcp-server.js';
import { startFakeOpenAI } from '../test/fixtures/openai-server.js';
import { describeFailure, runWriter, type MemoryProbe } from './cli.js';
import { median } from './format.js';
import { MCP_TOKEN, generateArgs, readFile, readTree, scriptedTurns, timedTurns, type Summary } from './scripted-generation.js';

export const MODEL_LATENCY_MS = 400;
export const TOOL_LATENCY_MS = 800;
const RUNS_PER_SETTING = 3;
const CONCURRENCIES = [4, 1] as const;

/** Distinct calls only: a repeated call is answered from memory and would cost nothing. */
const ROUNDS = [
  [
    readFile('resources/common.resource'),
    readFile('resources/orders.resource'),
    readFile('tests/login/login_valid.robot'),
    readFile('tests/orders/create_order.robot'),
  ],
  [readTree('tests', true), readTree('resources')],
] as const;

export interface RoundTiming {
  round: number;
  calls: number;
  /** From the chat request to the first tool call reaching the server. */
  modelMs: number;
  /** From the first tool call reaching the server to the next chat request. */
  toolsMs: number;
}

export interface GenerationRun {
  concurrency: number;
  processMs: number;
  generateMs: number;
  conventionsMs: number;
  rounds: RoundTiming[];
  peakRssKb?: number;
}

export interface ParallelRoundsFigures {
  modelLatencyMs: number;
  toolLatencyMs: number;
  callsPerRound: number[];
  criticalPathMs: number;
  serialPathMs: number;
  settings: Array<{
    concurrency: number;
    runs: number;
    generateMs: number;
    processMs: number;
    /** The run whose generation time is the median. */
    typical: GenerationRun;
  }>;
}

/** Conventions read, then per round the model's reply and the slowest (or, serially, every) call, then the answer. */
function pathMs(concurrency: number): number {
  const rounds = ROUNDS.reduce(
    (total, calls) => total + MODEL_LATENCY_MS + Math.ceil(calls.length / Math.min(concurrency, calls.length)) * TOOL_LATENCY_MS,
    0,
  );
  return TOOL_LATENCY_MS + rounds + MODEL_LATENCY_MS;
}

/** One scripted generation through the CLI, with fresh servers. */
export async function runScriptedGeneration(concurrency: number, memory?: MemoryProbe): Promise<GenerationRun> {
  const mcp = await startTestMcpServer({ token: MCP_TOKEN, toolLatencyMs: TOOL_LATENCY_MS });
  const arrivals: number[] = [];
  const model = await startFakeOpenAI({ turns: timedTurns(scriptedTurns(ROUNDS), arrivals), latencyMs: MODEL_LATENCY_MS });
  try {
    const run = await runWriter(generateArgs(mcp.url, model.baseURL, ['--tool-concurrency', String(concurrency)]), { memory });
    if (run.code !== 0) throw new Error(`writer generate failed (${describeFailure(run)})`);
    if (model.failures.length) throw new Error(`the scripted model refused a request: ${model.failures[0]}`);
    const summary = JSON.parse(run.stdout) as Summary;
    const first = mcp.calls[0];
    const start = arrivals[0];
    if (!first || start === undefined || first.at > start) throw new Error('the conventions were not read before round 1');
    const rounds = ROUNDS.map((_, index): RoundTiming => {
      const from = arrivals[index] as number;
      const until = arrivals[index + 1] as number;
      const calls = mcp.calls.filter((call) => call.at >= from && call.at < until);
      const firstCall = Math.min(...calls.map((call) => call.at));
      return { round: index + 1, calls: calls.length, modelMs: firstCall - from, toolsMs: until - firstCall };
    });
    return {
      concurrency,
      processMs: Math.round(run.wallMs),
      generateMs: summary.durationMs,
      conventionsMs: start - first.at,
      rounds,
      ...(run.peakRssKb !== undefined ? { peakRssKb: run.peakRssKb } : {}),
    };
  } finally {
    await model.close();
    await mcp.close();
  }
}

export async function benchParallelRounds(): Promise<ParallelRoundsFigures> {
  const settings: ParallelRoundsFigures['settings'] = [];
  for (const concurrency of CONCURRENCIES) {
    const runs: GenerationRun[] = [];
    for (let i = 0; i < RUNS_PER_SETTING; i++) runs.push(await runScriptedGeneration(concurrency));
    const generateMs = median(runs.map((run) => run.generateMs));
    const typical = [...runs].sort((a, b) => a.generateMs - b.generateMs)[Math.floor(runs.length / 2)] as GenerationRun;
    settings.push({ concurrency, runs: runs.length, generateMs, processMs: Math.round(median(runs.map((run) => run.processMs))), typical });
  }
  return {
    modelLatencyMs: MODEL_LATENCY_MS,
    toolLatencyMs: TOOL_LATENCY_MS,
    callsPerRound: ROUNDS.map((calls) => calls.length),
    criticalPathMs: pathMs(Infinity),
    serialPathMs: pathMs(1),
    settings,
  };
}
