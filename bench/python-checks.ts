// Scenario 11 (issue 11): what judging a suite the way Robot Framework runs it costs. Per
// check in process: the built-in checks alone, a new Python per check (as writer did before
// the helper), the warm helper, and the helper with RobotCode's analyzer. Through the CLI:
// one generation and a 6-spec batch with --validate builtin, robot and auto (the analyzer).

import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PythonHelper } from '../src/python/python-helper.js';
import { robotCodeCheck } from '../src/python/robotcode-check.js';
import { MirroredPlacement } from '../src/python/suite-placement.js';
import { type CheckOptions, checkSuite } from '../src/robot/check-suite.js';
import { chainLibraryResolvers } from '../src/robot/library-resolver.js';
import { shippedLibraries } from '../src/robot/shipped-library-resolver.js';
import { standardLibraries } from '../src/robot/standard-library-resolver.js';
import { installedLibraries } from '../src/robot/installed-library-resolver.js';
import { packageFile } from '../src/package-files.js';
import { startFakeOpenAI, type ChatRequest, type ScriptedReply } from '../test/fixtures/openai-server.js';
import { DB_RESOURCE, fenced } from '../test/helpers/suites.js';
import { ROOT, describeFailure, runWriter } from './cli.js';
import { median, sum } from './format.js';
import { modelFlags, type Summary } from './scripted-generation.js';

const RUNS = 5;
const CLI_RUNS = 3;
const BATCH_IDS = ['REPORT-701', 'REPORT-702', 'REPORT-703', 'REPORT-704', 'REPORT-705', 'REPORT-706'] as const;
const BATCH_CONCURRENCY = 3;
const VALIDATIONS = ['builtin', 'robot', 'auto'] as const;

function reportSuite(id: string): string {
  return `*** Settings ***
Documentation     Daily reports.
Resource          ../../resources/common.resource
Resource          ../../resources/db.resource

*** Test Cases ***
The Daily Report Lists Orders
    [Documentation]    The daily report query runs.
    [Tags]    ${id}    reports
    Connect To Database    pymysql
    Run Report Query    SELECT * FROM orders
`;
}

export interface PythonChecksFigures {
  python: string | null;
  robotcode: string | null;
  perCheck: {
    runs: number;
    builtinMs: number;
    /** A new Python process per check: start, import Robot Framework, parse, exit. */
    spawnPerCheckMs: number;
    warmHelperMs: number;
    /** The helper's start until it answers (Python and Robot Framework imported). */
    helperStartMs: number;
    analyzerMs: number | null;
  };
  generation: Array<{ validate: string; durationMs: number; allMs: number[] }>;
  batch: Array<{ validate: string; wallMs: number; specSumMs: number; allMs: number[] }>;
}

function timeIt(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  return run().then(() => performance.now() - started);
}

async function repeat(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const all: number[] = [];
  for (let index = 0; index < times; index += 1) all.push(await timeIt(run));
  return all;
}

/** What writer did before: one `python3` per check, which imports Robot Framework and parses once. */
function parseInNewProcess(python: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [packageFile('python/writer_helper.py')], { stdio: ['pipe', 'pipe', 'ignore'] });
    let answer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('\n')) child.stdin.end();
    });
    child.once('error', reject);
    child.once('close', () => (answer.includes('"ok": true') ? resolve() : reject(new Error(`no parse: ${answer}`))));
    child.stdin.write(JSON.stringify({ id: 1, op: 'parse', args: { text, kind: 'suite' } }) + '\n');
  });
}

async function perCheck(): Promise<
  PythonChecksFigures['perCheck'] & { capabilities: { python: string | null; robotcode: string | null } }
> {
  const files: Record<string, string> = {
    'resources/db.resource': DB_RESOURCE,
    'resources/common.resource': await readFile(path.join(ROOT, 'examples/robot-repo/resources/common.resource'), 'utf8'),
  };
  const text = reportSuite('REPORT-700');
  const readFile_: CheckOptions['readFile'] = async (file) => files[file];
  const base = { suitePath: 'tests/reports/daily.robot', readFile: readFile_ };

  const builtinLibraries = chainLibraryResolvers([standardLibraries, shippedLibraries]);
  await checkSuite(text, { ...base, validate: 'builtin', libraries: builtinLibraries });
  const builtin = await repeat(RUNS, () => checkSuite(text, { ...base, validate: 'builtin', libraries: builtinLibraries }));

  const startedAt = performance.now();
  const python = new PythonHelper();
  const capabilities = await python.capabilities();
  const helperStartMs = performance.now() - startedAt;
  if (capabilities?.robot == null) {
    await python.close();
    throw new Error(`Robot Framework is not installed for ${python.python}`);
  }
  const spawned = await repeat(RUNS, () => parseInNewProcess(python.python, text));
  const libraries = chainLibraryResolvers([standardLibraries, installedLibraries(python), shippedLibraries]);
  await checkSuite(text, { ...base, validate: 'robot', python, libraries });
  const warm = await repeat(RUNS, () => checkSuite(text, { ...base, validate: 'robot', python, libraries }));

  let analyzer: number[] | null = null;
  const placement = new MirroredPlacement();
  try {
    if (capabilities.robotcode != null) {
      const externalChecks = [robotCodeCheck(python, placement)];
      // The first analysis fills RobotCode's cache of library documentation; the figure is the warm one.
      await checkSuite(text, { ...base, validate: 'auto', python, libraries, externalChecks });
      analyzer = await repeat(RUNS, () => checkSuite(text, { ...base, validate: 'auto', python, libraries, externalChecks }));
    }
  } finally {
    placement.close();
    await python.close();
  }
  return {
    capabilities: { python: capabilities.python, robotcode: capabilities.robotcode },
    runs: RUNS,
    builtinMs: median(builtin),
    spawnPerCheckMs: median(spawned),
    warmHelperMs: median(warm),
    helperStartMs,
    analyzerMs: analyzer === null ? null : median(analyzer),
  };
}

/** Answers with the suite of the spec the conversation is about; the checks pass it at once. */
function answerBySpec(request: ChatRequest): ScriptedReply {
  const user = request.messages.find((message) => message.role === 'user');
  const id = /"id": "([A-Z]+-\d+)"/.exec(typeof user?.content === 'string' ? user.content : '')?.[1];
  if (id === undefined) throw new Error('the first user message names no spec id');
  return { content: fenced(reportSuite(id)) };
}

async function cliRun(
  repo: string,
  specs: string,
  out: string,
  validate: string,
  expected: number,
): Promise<{ wallMs: number; durations: number[] }> {
  const model = await startFakeOpenAI({ turns: Array.from({ length: expected * 3 }, () => answerBySpec) });
  try {
    const run = await runWriter(
      [
        'generate',
        '--spec',
        specs,
        '--repo',
        repo,
        '--out',
        out,
        '--json',
        '--validate',
        validate,
        '--concurrency',
        String(BATCH_CONCURRENCY),
        ...modelFlags(model.baseURL),
      ],
      { timeoutMs: 300_000 },
    );
    if (run.code !== 0) throw new Error(`writer generate --validate ${validate} failed (${describeFailure(run)})`);
    const report = JSON.parse(run.stdout) as { results?: Summary[] } & Summary;
    const results = report.results ?? [report];
    if (results.length !== expected || results.some((result) => result.status !== 'ok'))
      throw new Error(`not every spec was written with --validate ${validate}`);
    return { wallMs: Math.round(run.wallMs), durations: results.map((result) => result.durationMs) };
  } finally {
    await model.close();
  }
}

export async function benchPythonChecks(): Promise<PythonChecksFigures> {
  const checks = await perCheck();
  const work = await mkdtemp(path.join(tmpdir(), 'writer-bench-checks-'));
  try {
    const repo = path.join(work, 'repo');
    await cp(path.join(ROOT, 'examples/robot-repo'), repo, { recursive: true });
    await writeFile(path.join(repo, 'resources/db.resource'), DB_RESOURCE);
    const specs = path.join(work, 'specs');
    await mkdir(specs, { recursive: true });
    for (const id of BATCH_IDS) {
      const spec = {
        id,
        title: `Report ${id}`,
        steps: ['Run the daily report'],
        rf: { target_path: `tests/reports/${id.toLowerCase()}.robot` },
      };
      await writeFile(path.join(specs, `${id.toLowerCase()}.json`), JSON.stringify(spec));
    }
    const single = path.join(specs, `${BATCH_IDS[0].toLowerCase()}.json`);
    const generation: PythonChecksFigures['generation'] = [];
    const batch: PythonChecksFigures['batch'] = [];
    let counter = 0;
    for (const validate of VALIDATIONS) {
      const singles = [];
      for (let run = 0; run < CLI_RUNS; run += 1)
        singles.push(await cliRun(repo, single, path.join(work, `out-${counter++}`), validate, 1));
      generation.push({
        validate,
        durationMs: median(singles.map((run) => run.durations[0]!)),
        allMs: singles.map((run) => run.durations[0]!),
      });
      const batches = [];
      for (let run = 0; run < CLI_RUNS; run += 1)
        batches.push(await cliRun(repo, specs, path.join(work, `out-${counter++}`), validate, BATCH_IDS.length));
      const typical = [...batches].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(batches.length / 2)]!;
      batch.push({ validate, wallMs: typical.wallMs, specSumMs: sum(typical.durations), allMs: batches.map((run) => run.wallMs) });
    }
    const { capabilities, ...figures } = checks;
    return { python: capabilities.python, robotcode: capabilities.robotcode, perCheck: figures, generation, batch };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
