// The bridge to Robot Framework's own parser: one Python process per suite running
// robot.api.get_model, whose errors back up the built-in checks when Robot is installed.

import { spawn } from 'node:child_process';

import { InterruptedError } from '../errors.js';

import type { SuiteProblem } from './problems.js';
import type { FileKind } from './setting-names.js';

/** A parse of one suite takes well under a second; a hung interpreter must not hang a run. */
export const ROBOT_PARSE_TIMEOUT_MS = 30_000;
/** `import robot` alone; a slow first start of Python still fits. */
const AVAILABILITY_TIMEOUT_MS = 15_000;
const DEFAULT_PYTHON = 'python3';

/** What Robot Framework's parser says about a file: errors, and warnings such as deprecations. */
export interface RobotVerdict {
  errors: SuiteProblem[];
  warnings: SuiteProblem[];
}

// Walks the model like robot.running's ErrorReporter: Error statements, statement and
// block validation errors, token errors; deprecated headers and [Return] only warn.
const PARSE_SCRIPT = String.raw`
import io, json, sys
from robot.api import Token, get_init_model, get_model, get_resource_model
from robot.api.parsing import ModelVisitor

getters = {'resource': get_resource_model, 'init': get_init_model}
languages = [lang for lang in sys.argv[2:] if lang]
model = getters.get(sys.argv[1], get_model)(io.StringIO(sys.stdin.buffer.read().decode('utf-8')), lang=languages or None)
headers = set(getattr(Token, 'HEADER_TOKENS', ()))
warning_tokens = headers | {getattr(Token, 'RETURN_SETTING', 'RETURN_SETTING')}
found = {'errors': [], 'warnings': []}

def report(level, line, message):
    entry = {'line': line or 1, 'message': message}
    if entry not in found[level]:
        found[level].append(entry)

class Collector(ModelVisitor):
    def generic_visit(self, node):
        if hasattr(node, 'tokens'):
            for message in node.errors:
                report('errors', node.lineno, message)
            if node.type != Token.ERROR:
                for token in node.tokens:
                    if token.error:
                        warn = token.type != Token.INVALID_HEADER and token.type in warning_tokens
                        report('warnings' if warn else 'errors', token.lineno, token.error)
            return
        for message in getattr(node, 'errors', ()):
            report('errors', getattr(node, 'lineno', 1), message)
        super().generic_visit(node)

Collector().visit(model)
sys.stdout.write(json.dumps(found))
`;

/** The interpreter to run: `WRITER_PYTHON`, else `python3`. */
export function pythonInterpreter(env: NodeJS.ProcessEnv = process.env): string {
  return env.WRITER_PYTHON !== undefined && env.WRITER_PYTHON !== '' ? env.WRITER_PYTHON : DEFAULT_PYTHON;
}

const availability = new Map<string, Promise<boolean>>();

/** Whether `import robot` works for the interpreter; asked once per interpreter. */
export function robotParserAvailable(): Promise<boolean> {
  const python = pythonInterpreter();
  let answer = availability.get(python);
  if (answer === undefined) {
    answer = runPython(python, ['-c', 'import robot'], '', AVAILABILITY_TIMEOUT_MS).then(
      (result) => result.code === 0,
      () => false,
    );
    availability.set(python, answer);
  }
  return answer;
}

/** The errors Robot Framework's parser reports for a suite (or resource/init file). */
export async function parseWithRobot(text: string, options: { kind?: FileKind } = {}): Promise<SuiteProblem[]> {
  return (await robotVerdict(text, options.kind)).errors;
}

export interface RobotParseOptions {
  /** Languages the file may be written in besides English (Robot's `lang=`). */
  languages?: readonly string[];
  /** Ctrl-C kills the Python process and rejects with InterruptedError. */
  signal?: AbortSignal;
}

export async function robotVerdict(text: string, kind: FileKind = 'suite', options: RobotParseOptions = {}): Promise<RobotVerdict> {
  const args = ['-c', PARSE_SCRIPT, kind, ...(options.languages ?? [])];
  const result = await runPython(pythonInterpreter(), args, text, ROBOT_PARSE_TIMEOUT_MS, options.signal);
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n').pop() ?? `exit code ${result.code}`;
    throw new Error(`Robot Framework's parser failed: ${reason}`);
  }
  const parsed = JSON.parse(result.stdout) as { errors?: unknown; warnings?: unknown };
  return { errors: problems(parsed.errors), warnings: problems(parsed.warnings) };
}

function problems(value: unknown): SuiteProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: { line?: unknown; message?: unknown }) =>
    typeof entry.line === 'number' && typeof entry.message === 'string'
      ? [{ line: entry.line, message: oneLine(entry.message) }]
      : [],
  );
}

/** Robot puts "Did you mean:" candidates on indented lines; reports are one line each. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

interface PythonResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runPython(python: string, args: string[], input: string, timeoutMs: number, signal?: AbortSignal): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new InterruptedError());
      return;
    }
    const child = spawn(python, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(new InterruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${python} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A child that exits before reading stdin makes the write fail; its exit code tells why.
    child.stdin.on('error', () => undefined);
    child.on('error', (cause) => {
      done();
      reject(cause);
    });
    child.on('close', (code) => {
      done();
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.end(input, 'utf8');
  });
}
