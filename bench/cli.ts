// Runs the built CLI (bin/writer.js) as a child process with none of the host's writer
// settings, and measures it from the outside: wall time and, on request, peak resident memory.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { settingEntries } from '../src/config/settings.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI = fileURLToPath(new URL('../bin/writer.js', import.meta.url));

/**
 * How peak memory is read: GNU time's "Maximum resident set size" when /usr/bin/time
 * understands -v, otherwise a preload that records process.resourceUsage().maxRSS on exit.
 */
export type MemoryProbe = 'gnu-time' | 'exit-hook';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size in KiB, when a probe was asked for. */
  peakRssKb?: number;
}

export interface ChildOptions {
  memory?: MemoryProbe;
  timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';
const RSS_FILE_VARIABLE = 'WRITER_BENCH_MAXRSS_FILE';
// A slow scenario run takes about 8 s; past this something hangs.
const DEFAULT_TIMEOUT_MS = 60_000;
// Loaded before the CLI: the child writes its own peak RSS (KiB) when it exits, whatever the exit path.
const EXIT_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const file = process.env.${RSS_FILE_VARIABLE};
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});`,
)}`;

let probe: MemoryProbe | undefined;

/** The probe that works on this machine, tried once. */
export function memoryProbe(): MemoryProbe {
  if (probe) return probe;
  const check = spawnSync(GNU_TIME, ['-v', process.execPath, '-e', ''], { encoding: 'utf8' });
  probe = check.status === 0 && /Maximum resident set size \(kbytes\): \d+/.test(check.stderr ?? '') ? 'gnu-time' : 'exit-hook';
  return probe;
}

/** The environment of a CLI run: the host's, minus every writer setting, as in CI. */
function childEnv(): Record<string, string> {
  const drop = new Set<string>(['NO_COLOR', 'FORCE_COLOR']);
  for (const [, setting] of settingEntries()) if (setting.env !== undefined) drop.add(setting.env);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !drop.has(name)) env[name] = value;
  env.CI = 'true';
  return env;
}

/** `node <nodeArgs>` in the project folder. */
export async function runNode(nodeArgs: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const env = childEnv();
  const scratch = options.memory ? await mkdtemp(path.join(tmpdir(), 'writer-bench-')) : undefined;
  const rssFile = scratch ? path.join(scratch, 'maxrss') : undefined;
  let command = process.execPath;
  let args = [...nodeArgs];
  if (options.memory === 'gnu-time' && rssFile) {
    command = GNU_TIME;
    args = ['-v', '-o', rssFile, process.execPath, ...nodeArgs];
  } else if (options.memory === 'exit-hook' && rssFile) {
    args = ['--import', EXIT_HOOK, ...nodeArgs];
    env[RSS_FILE_VARIABLE] = rssFile;
  }
  try {
    const run = await spawnAndWait(command, args, env, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (rssFile) run.peakRssKb = await readPeakRss(rssFile, options.memory);
    return run;
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** `writer <args>` from bin/writer.js (run `npm run build` first). */
export function runWriter(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  return runNode([CLI, ...args], options);
}

function spawnAndWait(command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

async function readPeakRss(file: string, memory: MemoryProbe | undefined): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const value = memory === 'gnu-time' ? /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] : text.trim();
  return value ? Number(value) : undefined;
}

/** One line on what went wrong in a run, for the report. */
export function describeFailure(run: ChildRun): string {
  const lastLine = run.stderr.trim().split('\n').at(-1) ?? '';
  return `exit ${run.code ?? run.signal}${lastLine ? `: ${lastLine}` : ''}`;
}
