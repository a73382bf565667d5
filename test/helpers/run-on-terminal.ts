// Runs a command on a pseudo-terminal (Python's pty module, see pty-session.py)
// and types answers when the expected text appears, as a person would.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DRIVER = fileURLToPath(new URL('./pty-session.py', import.meta.url));

export interface TerminalStep {
  /** Text to wait for in the output (after the previous step's). */
  expect: string;
  /** What to type then; "\r" is Enter, "\x03" Ctrl-C, "\x04" Ctrl-D. */
  send: string;
}

export interface TerminalRun {
  /** What the terminal showed, colours and cursor moves removed, line ends as "\n". */
  output: string;
  code: number | null;
  signal: number | null;
  /** The step whose text never appeared, or null. */
  stalled: number | null;
}

export interface TerminalOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
  /** The width the terminal reports (0, as some CI runners' terminals do); the driver's default otherwise. */
  columns?: number;
  /** Stop reading (and kill the program) once it has printed this many bytes. */
  maxOutputBytes?: number;
}

export function runOnTerminal(argv: string[], steps: TerminalStep[], options: TerminalOptions): Promise<TerminalRun> {
  const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const job = JSON.stringify({
    argv,
    cwd: options.cwd,
    env,
    steps,
    timeout: (options.timeoutMs ?? 45_000) / 1000,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    ...(options.maxOutputBytes !== undefined ? { max_output: options.maxOutputBytes } : {}),
  });
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pty driver failed (${code}): ${stderr}`));
        return;
      }
      const run = JSON.parse(stdout) as TerminalRun;
      resolve({ ...run, output: plain(run.output) });
    });
    child.stdin.end(job);
  });
}

/** The text a person reads: ANSI escapes gone, carriage returns dropped. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
