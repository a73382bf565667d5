// Stand-in interpreters for WRITER_PYTHON: small programs that speak the helper's protocol
// badly on purpose (crash, hang, claim Robot Framework and then fail), leaving a trace of
// each start so tests can count processes and find their pids.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type StubBehaviour =
  /** Exits at once with a Python-like error on stderr. */
  | 'fail-start'
  /** Answers hello claiming Robot Framework, then dies on any other question. */
  | 'crash'
  /** Dies on the first question of its first process only; the second process answers everything. */
  | 'crash-once'
  /** Answers hello, then never answers again. */
  | 'hang';

export interface StubPython {
  python: string;
  /** The pid of every process started, in order. */
  starts(): number[];
  remove(): void;
}

export function stubPython(behaviour: StubBehaviour): StubPython {
  const folder = mkdtempSync(path.join(tmpdir(), 'writer-stub-python-'));
  const python = path.join(folder, 'python');
  const trace = path.join(folder, 'starts');
  const program = `#!${process.execPath}
const fs = require('node:fs');
const trace = ${JSON.stringify(trace)};
const first = !fs.existsSync(trace);
fs.appendFileSync(trace, process.pid + '\\n');
const behaviour = ${JSON.stringify(behaviour)};
if (behaviour === 'fail-start') { process.stderr.write('SyntaxError: boom\\n'); process.exit(1); }
const answer = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let at = buffered.indexOf('\\n'); at !== -1; at = buffered.indexOf('\\n')) {
    const request = JSON.parse(buffered.slice(0, at));
    buffered = buffered.slice(at + 1);
    if (request.op === 'hello') {
      answer({ id: request.id, ok: true, result: { python: '3.11.0', robot: '7.5', robotcode: null, robocop: null } });
    } else if (behaviour === 'crash' || (behaviour === 'crash-once' && first)) {
      process.stderr.write('SyntaxError: boom\\n');
      process.exit(1);
    } else if (behaviour === 'crash-once') {
      answer({ id: request.id, ok: true, result: { errors: [], warnings: [], echo: request.op } });
    }
  }
});
process.stdin.on('end', () => process.exit(0));
`;
  writeFileSync(python, program);
  chmodSync(python, 0o755);
  return {
    python,
    starts: () => (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean).map(Number) : []),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Whether a process is gone; a zombie nobody reaped still answers signal 0, so it is not. */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
