// `npm run bench`: runs every scenario in turn on 127.0.0.1, prints a readable report and
// writes the same figures to bench/results/latest.json. Figures, not assertions: a scenario
// that cannot run is reported as failed and makes the exit code 1.

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchChangedOnly, type ChangedOnlyFigures } from './changed-only.js';
import { bytes, count, megabytes, ms, ratio, table } from './format.js';
import { benchHostileChecks, type HostileChecksFigures } from './hostile-checks.js';
import { benchChecks, type CheckFigures } from './checks.js';
import { benchPythonChecks, type PythonChecksFigures } from './python-checks.js';
import { benchManySpecs, type ManySpecsFigures, type ServerCalls } from './many-specs.js';
import { benchParallelRounds, type ParallelRoundsFigures } from './parallel-rounds.js';
import { benchPeakMemory, type PeakMemoryFigures } from './peak-memory.js';
import { benchRequestBytes, type RequestBytesFigures } from './request-bytes.js';
import { benchStartup, type StartupFigures } from './startup.js';
import { benchTokenCost, type TokenCostFigures, type TrafficFigures } from './token-cost.js';
import { benchToolSurface, type ToolSurfaceFigures } from './tool-surface.js';

const RESULTS = new URL('./results/', import.meta.url);

type Outcome<T> = { ok: true; seconds: number; figures: T } | { ok: false; seconds: number; error: string };

interface Scenario<T> {
  key: string;
  title: string;
  run: () => Promise<T>;
  render: (figures: T) => string[];
}

function scenario<T>(key: string, title: string, run: () => Promise<T>, render: (figures: T) => string[]): Scenario<T> {
  return { key, title, run, render };
}

const SCENARIOS = [
  scenario('startup', '5. Startup', benchStartup, renderStartup),
  scenario('parallelRounds', '1. Parallel rounds (issue 5)', benchParallelRounds, renderParallelRounds),
  scenario('requestBytes', '2. Bytes sent to the model (issue 5)', benchRequestBytes, renderRequestBytes),
  scenario('toolSurface', '3. Tool surface against the real GitLab MCP server (issue 3)', benchToolSurface, renderToolSurface),
  scenario('peakMemory', '4. Peak memory', benchPeakMemory, renderPeakMemory),
  scenario('manySpecs', '6. Many specs in one run (issue 6)', benchManySpecs, renderManySpecs),
  scenario('hostileChecks', '7. Checks of hostile suites (issue 18)', benchHostileChecks, renderHostileChecks),
  scenario('tokenCost', '8. Bytes and tokens per suite (issue 15)', benchTokenCost, renderTokenCost),
  scenario(
    'changedOnly',
    '9. One spec of six changed: --changed-only against a full regeneration (issue 14)',
    benchChangedOnly,
    renderChangedOnly,
  ),
  scenario('checks', '10. Built-in checks of one generation (issues 11, 16)', benchChecks, renderChecks),
  scenario(
    'pythonChecks',
    '11. What Python adds to the checks: the helper, libdoc, RobotCode (issue 11)',
    benchPythonChecks,
    renderPythonChecks,
  ),
];
// Printed in the order of the brief, run with startup first, while nothing else has run yet.
const PRINT_ORDER = [
  'parallelRounds',
  'requestBytes',
  'toolSurface',
  'peakMemory',
  'startup',
  'manySpecs',
  'hostileChecks',
  'tokenCost',
  'changedOnly',
  'checks',
  'pythonChecks',
];

/** Scenario 8's figures on the code before issue 15 (same generation, same batch), the reference for its target. */
const BEFORE_ISSUE_15 = { generationBytes: 24_895, batchBytes: 92_106 };
/** Issue 15: a generation sends at least 30% fewer bytes than before. */
const GENERATION_TARGET = 0.7;

async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 100) / 10;
  try {
    const figures = await run();
    return { ok: true, seconds: seconds(), figures };
  } catch (error) {
    return { ok: false, seconds: seconds(), error: error instanceof Error ? error.message : String(error) };
  }
}

function renderParallelRounds(f: ParallelRoundsFigures): string[] {
  const rounds = f.callsPerRound.map((calls, index) => `round ${index + 1}: ${calls} calls`).join(', ');
  const header = [
    '--tool-concurrency',
    'generation*',
    'critical path',
    'over it',
    'process wall',
    'conventions',
    ...f.callsPerRound.map((calls, index) => `round ${index + 1} tools (${calls})`),
  ];
  const rows = f.settings.map((setting) => [
    String(setting.concurrency),
    ms(setting.generateMs),
    ms(f.criticalPathMs),
    `+${ms(setting.generateMs - f.criticalPathMs)}`,
    ms(setting.processMs),
    ms(setting.typical.conventionsMs),
    ...setting.typical.rounds.map((round) => ms(round.toolsMs)),
  ]);
  const parallel = f.settings.find((setting) => setting.concurrency > 1);
  const serial = f.settings.find((setting) => setting.concurrency === 1);
  const firstRound = (setting: typeof parallel): string => (setting ? ms(setting.typical.rounds[0]?.toolsMs ?? Number.NaN) : 'n/a');
  return [
    `  model ${ms(f.modelLatencyMs)} per reply, tool ${ms(f.toolLatencyMs)} per call; ${rounds}, round ${f.callsPerRound.length + 1}: the suite`,
    `  critical path ${ms(f.criticalPathMs)} (conventions read + per round the reply and its slowest call + the answer); every call in turn: ${ms(f.serialPathMs)}`,
    ...table([header, ...rows]),
    `  * generation: durationMs of the --json summary, median of ${f.settings[0]?.runs ?? 0} runs; round and conventions columns from the median run`,
    `  a round of ${f.callsPerRound[0]} reads: ${firstRound(parallel)} with --tool-concurrency ${parallel?.concurrency ?? '?'} against ${firstRound(serial)} with 1 (target ~${ms(f.toolLatencyMs)})`,
  ];
}

function renderRequestBytes(f: RequestBytesFigures): string[] {
  const base = f.variants.find((variant) => variant.shape && variant.maxToolChars < 1_000_000);
  const requests = Math.max(...f.variants.map((variant) => variant.requestBytes.length));
  const header = ['variant', ...Array.from({ length: requests }, (_, index) => `request ${index + 1}`), 'total', 'vs default', 'chars cut'];
  const rows = f.variants.map((variant) => [
    variant.label,
    ...Array.from({ length: requests }, (_, index) => count(variant.requestBytes[index] ?? 0)),
    count(variant.totalBytes),
    base ? ratio(variant.totalBytes, base.totalBytes) : 'n/a',
    count(variant.truncatedChars),
  ]);
  const off = f.variants.find((variant) => !variant.shape && variant.maxToolChars >= 1_000_000);
  return [
    `  ${f.server} (files come as Files API JSON); round 1: tree + a ${bytes(f.bigFileBytes)} file, round 2: ${f.callsPerRound[1]} file reads, round 3: the suite`,
    `  in-process generate(); shaping = generate()'s shapeResults switch (the conventions, read by writer itself, are shaped in every variant);`,
    `  truncation off = --max-tool-chars 10000000; bytes of each chat request body:`,
    ...table([header, ...rows]),
    base && off
      ? `  both on send ${ratio(off.totalBytes, base.totalBytes)} less than both off (${bytes(base.totalBytes)} against ${bytes(off.totalBytes)})`
      : '',
  ].filter(Boolean);
}

function renderToolSurface(f: ToolSurfaceFigures): string[] {
  const { listing, generation } = f;
  const rows = [
    ['surface', 'tools offered', 'schema/request', 'requests', 'total sent', 'status'],
    ...(
      [
        ['default', generation.default],
        ["full (--allow-write-tools --allow-tool '*')", generation.full],
      ] as const
    ).map(([label, run]) => [
      label,
      String(run.toolsOffered),
      count(run.schemaBytesPerRequest[0] ?? 0),
      String(run.requestBytes.length),
      count(run.totalBytes),
      run.error ? `failed: ${run.error.slice(0, 120)}` : run.status,
    ]),
  ];
  return [
    `  ${f.server}; generation through the CLI: round 1: ${f.callsPerRound[0]} calls, round 2: ${f.callsPerRound[1]} call, round 3: the suite`,
    `  writer tools --json: ${listing.default.tools} tools, ${listing.default.offered} offered; schema ${bytes(listing.default.exposedBytes)} offered against ${bytes(listing.default.catalogueBytes)} for the catalogue (${ratio(listing.default.catalogueBytes, listing.default.exposedBytes)} less)`,
    `  writer tools --json, full surface: ${listing.full.offered} of ${listing.full.tools} offered, ${bytes(listing.full.exposedBytes)}`,
    ...table(rows),
    `  default against full: ${ratio(generation.full.schemaBytesPerRequest[0] ?? 0, generation.default.schemaBytesPerRequest[0] ?? 0)} less schema per request, ${ratio(generation.full.totalBytes, generation.default.totalBytes)} less sent in all (target: at least 10x)`,
  ];
}

function renderPeakMemory(f: PeakMemoryFigures): string[] {
  const how = f.probe === 'gnu-time' ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS at exit';
  return [
    `  peak RSS (${how}): node -e '' ${megabytes(f.bareNodeKb)}, writer --help ${megabytes(f.helpKb)}`,
    ...f.generate.map((run) => `  scenario 1 generation, --tool-concurrency ${run.concurrency}: ${megabytes(run.peakRssKb)}`),
  ];
}

function renderChecks(f: CheckFigures): string[] {
  return [
    `  one check of the example suite (resources read from disk, no Python): ${ms(f.exampleMs)} (median of ${f.runs})`,
    `  with a resource importing DatabaseLibrary, an argument count and an unknown call to report: ${ms(f.thirdPartyMs)}`,
    `  writer lint --validate builtin over the valid corpus as a folder: ${count(f.lintFiles)} files in ${ms(f.lintMs)}`,
  ];
}

function renderStartup(f: StartupFigures): string[] {
  return [`  node bin/writer.js --help: ${ms(f.helpMs)} (median of ${f.runs}: ${f.helpAllMs.join(', ')}); node -e '': ${ms(f.bareNodeMs)}`];
}

function renderManySpecs(f: ManySpecsFigures): string[] {
  const header = [
    '--concurrency',
    'process wall*',
    'model latency alone',
    'per spec**',
    'sum of specs**',
    'server calls',
    'conventions reads',
  ];
  const rows = f.timing.map((setting) => [
    String(setting.concurrency),
    ms(setting.wallMs),
    ms(setting.idealMs),
    ms(setting.specMedianMs),
    ms(setting.specSumMs),
    String(setting.serverCalls),
    String(setting.conventionsReads),
  ]);
  const percent = Math.round(f.ratio * 100);
  const calls = (label: string, run: ServerCalls): string[] => [
    label,
    String(run.conventionsReads),
    String(run.sharedResourceReads),
    String(run.serverCalls),
    `${run.sent} / ${run.shared}`,
  ];
  const { on, off, cli } = f.sharing;
  return [
    `  ${f.specs} specs, each: one round reading ${f.sharedResource}, then the suite; model ${ms(f.modelLatencyMs)} per reply, tools without delay`,
    `  through the CLI: generate --spec <folder> --out <tmp> --json --concurrency N`,
    ...table([header, ...rows]),
    `  * median of ${f.timing[0]?.runs ?? 0} runs (${f.timing.map((setting) => `${setting.concurrency}: ${setting.wallAllMs.map(ms).join(', ')}`).join('; ')})`,
    `  ** durationMs of the specs in the --json report (median spec; sum over the batch, median run)`,
    `  ${f.timing.at(-1)?.concurrency ?? '?'} at a time took ${percent}% of the time of 1 at a time (target: at most 60%: ${percent <= 60 ? 'met' : 'missed'})`,
    `  tool calls the MCP server received for the batch, --concurrency ${f.sharing.concurrency}:`,
    ...table([
      ['shared reads', 'conventions reads', `${path.posix.basename(f.sharedResource)} reads`, 'server calls', 'writer: sent / shared'],
      calls('on (default), in-process generateBatch', on),
      calls('off (shareReads: false given to generateBatch), in-process', off),
      calls('on, through the CLI (median run)', cli),
    ]),
    `  sharing on sends ${ratio(off.serverCalls, on.serverCalls)} fewer calls to the server (${on.serverCalls} against ${off.serverCalls})`,
  ];
}

function renderHostileChecks(f: HostileChecksFigures): string[] {
  const memory = (kb: number | undefined): string => (kb === undefined ? 'n/a' : megabytes(kb));
  return [
    `  writer lint --validate builtin, median of ${f.runs} runs (wall time of the whole process; peak RSS)`,
    ...table([
      ['suite', 'wall', 'peak RSS', 'note'],
      [
        `${count(f.suggestions.calls)} unknown calls, ${count(f.suggestions.keywords)} keywords`,
        ms(f.suggestions.wallMs),
        memory(f.suggestions.peakRssKb),
        `${count(f.suggestions.suggested)} calls got suggestions`,
      ],
      [`\${x:(a+)+} against a ${count(f.crafted.callChars)}-character call`, ms(f.crafted.wallMs), '', 'linear-time matcher'],
      [`a ${bytes(f.largeFile.bytes)} file`, ms(f.largeFile.wallMs), memory(f.largeFile.peakRssKb), 'just under the 5 MiB limit'],
    ]),
  ];
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : 'n/a';
}

function renderTokenCost(f: TokenCostFigures): string[] {
  const cells = (run: TrafficFigures): string[] => [
    String(run.requests),
    run.requestBytes.map(count).join(' + '),
    count(run.totalBytes),
    count(run.schemaBytes),
    percent(run.sharedPrefixChars, run.promptChars),
    count(run.promptTokens),
    run.cachedTokens === undefined ? 'n/a' : count(run.cachedTokens),
    run.error ? `failed: ${run.error.slice(0, 100)}` : run.sameSuites ? 'same' : 'DIFFERENT',
  ];
  const header = [
    'run',
    'requests',
    'bytes of each request',
    'total',
    'schema/request',
    'prompt shared*',
    'prompt tokens',
    'cached**',
    'suite',
  ];
  const generation = f.generation.find((row) => row.label === 'default');
  const fewer = generation ? 1 - generation.totalBytes / BEFORE_ISSUE_15.generationBytes : Number.NaN;
  const batchFewer = 1 - f.batch.totalBytes / BEFORE_ISSUE_15.batchBytes;
  return [
    `  ${f.server}: scenario 3's generation through the CLI; the batch: scenario 6's ${f.batch.specs} specs (default --concurrency), without model latency`,
    ...table([
      header,
      ...f.generation.map((row) => [`generation, ${row.label}`, ...cells(row)]),
      [`batch of ${f.batch.specs} specs`, ...cells(f.batch)],
    ]),
    `  * characters of the prompts (tools, then messages) that an earlier request of the run began with: what a prefix cache can serve`,
    `  ** cached prompt tokens in the --json report, from a scripted model that reports them as a prefix cache would (4 characters a token)`,
    `  a spec's first request shares ${percent(f.batch.firstRequestShare, 1)} of its prompt with an earlier spec's`,
    `  generation: ${bytes(generation?.totalBytes ?? 0)} against ${bytes(BEFORE_ISSUE_15.generationBytes)} before issue 15: ${Math.round(fewer * 100)}% fewer (target: at least ${Math.round((1 - GENERATION_TARGET) * 100)}%: ${fewer >= 1 - GENERATION_TARGET ? 'met' : 'missed'})`,
    `  batch: ${bytes(f.batch.totalBytes)} against ${bytes(BEFORE_ISSUE_15.batchBytes)} before issue 15: ${Math.round(batchFewer * 100)}% fewer`,
  ];
}

function renderChangedOnly(f: ChangedOnlyFigures): string[] {
  const flags = { 'changed-only': '--changed-only', full: '--force (full regeneration)' } as const;
  const rows = f.modes.map((mode) => [
    flags[mode.mode],
    String(mode.modelRequests),
    String(mode.conversations),
    count(mode.bytesSent),
    String(mode.mcpCalls),
    ms(mode.wallMs),
    Object.entries(mode.statuses)
      .map(([status, specs]) => `${specs} ${status}`)
      .join(', '),
  ]);
  const changed = f.modes.find((mode) => mode.mode === 'changed-only');
  const full = f.modes.find((mode) => mode.mode === 'full');
  return [
    `  ${f.specs} specs, ${f.changed} changed since the last run; a conversation reads one resource, then answers; model ${ms(f.modelLatencyMs)} per reply`,
    `  through the CLI, each run from a copy of the same output folder (six suites and their manifest): generate --spec <folder> --json <flag>`,
    ...table([['flag', 'model requests', 'conversations', 'bytes sent', 'MCP calls', 'time*', 'specs'], ...rows]),
    `  * process wall time, median of ${f.modes[0]?.runs ?? 0} runs (${f.modes.map((mode) => `${mode.mode}: ${mode.wallAllMs.map(ms).join(', ')}`).join('; ')})`,
    changed && full
      ? `  --changed-only: ${ratio(full.modelRequests, changed.modelRequests)} fewer model requests, ${ratio(full.bytesSent, changed.bytesSent)} fewer bytes sent, ${Math.round((changed.wallMs / full.wallMs) * 100)}% of the time`
      : '',
  ].filter(Boolean);
}

function renderPythonChecks(f: PythonChecksFigures): string[] {
  const c = f.perCheck;
  const base = (rows: ReadonlyArray<{ validate: string }>, value: (row: never) => number): number =>
    value(rows.find((row) => row.validate === 'builtin') as never);
  const genBase = base(f.generation, (row: { durationMs: number }) => row.durationMs);
  const batchBase = base(f.batch, (row: { wallMs: number }) => row.wallMs);
  const label = (validate: string): string =>
    validate === 'builtin'
      ? 'builtin (no Python)'
      : validate === 'robot'
        ? "robot (helper: Robot's parser, libdoc)"
        : `auto (helper + RobotCode ${f.robotcode ?? 'not installed'})`;
  return [
    `  Python ${f.python ?? '?'}; a suite importing a resource with DatabaseLibrary; per check in process, median of ${c.runs}:`,
    ...table([
      ['checks', 'per check', 'over built-in'],
      ['built-in only', ms(c.builtinMs), '-'],
      ['a new Python per check (as before)', ms(c.spawnPerCheckMs), `+${ms(c.spawnPerCheckMs)}`],
      ['warm helper (parse, libdoc cached)', ms(c.warmHelperMs), `+${ms(c.warmHelperMs - c.builtinMs)}`],
      [
        'warm helper + RobotCode analyzer',
        c.analyzerMs === null ? 'n/a' : ms(c.analyzerMs),
        c.analyzerMs === null ? 'n/a' : `+${ms(c.analyzerMs - c.builtinMs)}`,
      ],
    ]),
    `  the helper answers ${ms(c.helperStartMs)} after it starts, while the first model round runs`,
    `  through the CLI (--repo, scripted model without latency), durationMs of the --json summary, median of ${f.generation[0]?.allMs.length ?? 0}:`,
    "  (the model answers at once here, so the helper's start and each library's first libdoc are not hidden behind a model round as in real runs)",
    ...table([
      ['--validate', 'one generation', 'added', `${f.batch[0] ? '6 specs, 3 at a time (wall)' : ''}`, 'added'],
      ...f.generation.map((row, index) => {
        const batch = f.batch[index];
        return [
          label(row.validate),
          ms(row.durationMs),
          row.validate === 'builtin' ? '-' : `+${ms(row.durationMs - genBase)}`,
          batch ? ms(batch.wallMs) : 'n/a',
          batch && row.validate !== 'builtin' ? `+${ms(batch.wallMs - batchBase)}` : '-',
        ];
      }),
    ]),
    `  before the helper, each check started its own Python: ${ms(c.spawnPerCheckMs)} per check, on every generation's critical path`,
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const outcomes = new Map<string, Outcome<unknown>>();
  for (const item of SCENARIOS) {
    process.stderr.write(`bench: ${item.title} ...\n`);
    const outcome = await attempt<unknown>(item.run);
    process.stderr.write(`bench: ${item.title}: ${outcome.ok ? 'done' : 'FAILED'} in ${outcome.seconds} s\n`);
    outcomes.set(item.key, outcome);
  }
  const environment = { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: os.cpus().length };
  const lines = [`writer bench: Node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs, all servers on 127.0.0.1`];
  for (const key of PRINT_ORDER) {
    const item = SCENARIOS.find((candidate) => candidate.key === key) as Scenario<unknown>;
    const outcome = outcomes.get(key) as Outcome<unknown>;
    lines.push('', `${item.title} [${outcome.seconds} s]`);
    lines.push(...(outcome.ok ? item.render(outcome.figures) : [`  FAILED: ${outcome.error}`]));
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  lines.push('', `bench took ${seconds} s; figures in bench/results/latest.json`);
  process.stdout.write(lines.join('\n') + '\n');

  await mkdir(RESULTS, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    environment,
    seconds,
    scenarios: Object.fromEntries(PRINT_ORDER.map((key) => [key, outcomes.get(key)])),
  };
  await writeFile(fileURLToPath(new URL('latest.json', RESULTS)), JSON.stringify(json, null, 2) + '\n');
  if ([...outcomes.values()].some((outcome) => !outcome.ok)) process.exitCode = 1;
}

await main();
