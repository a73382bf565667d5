// The one Python process of a run: writer's helper script, asked questions as JSON lines
// over stdin/stdout. It is restarted once when it crashes or hangs; after that every
// question fails fast and the checks go on without Python. Killed on abort and on exit.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

import { InterruptedError } from '../errors.js';
import { packageFile } from '../package-files.js';
import {
  HelperAnswerError,
  HelperUnavailableError,
  type PythonCapabilities,
  type RequestOptions,
  type RobotPython,
} from '../robot/robot-python.js';

const DEFAULT_PYTHON = 'python3';
/** A helper that crashed or hung gets one new process; a second failure means Python is not usable here. */
export const MAX_HELPER_RESTARTS = 1;
/** `hello` imports Robot Framework; a slow first start of Python still fits. */
const HELLO_TIMEOUT_MS = 20_000;
/** Enough of the helper's stderr to say why it died. */
const STDERR_TAIL_CHARS = 2_000;

/** The interpreter to run: `WRITER_PYTHON`, else `python3`. */
export function pythonInterpreter(env: NodeJS.ProcessEnv = process.env): string {
  return env.WRITER_PYTHON !== undefined && env.WRITER_PYTHON !== '' ? env.WRITER_PYTHON : DEFAULT_PYTHON;
}

interface Pending {
  id: number;
  line: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Whether it was already sent again after a crash. */
  retried: boolean;
}

/** Helpers still running, killed when writer exits however it exits. */
const live = new Set<PythonHelper>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const helper of live) void helper.close();
  });
}

export class PythonHelper implements RobotPython {
  readonly python: string;
  private readonly script: string;
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private restartsUsed = 0;
  private stopped: string | undefined;
  private closedOnPurpose = false;
  private stderrTail = '';
  private capabilitiesAnswer: Promise<PythonCapabilities | undefined> | undefined;
  /** Signals that already stop the helper (watch): its questions need no listener of their own on them. */
  private readonly watched = new WeakSet<AbortSignal>();
  /** Processes not yet reaped: closing waits for them, so none is left as a zombie. */
  private readonly exits = new Set<Promise<void>>();

  constructor(options: { python?: string; script?: string } = {}) {
    this.python = options.python ?? pythonInterpreter();
    this.script = options.script ?? packageFile('python/writer_helper.py');
  }

  /** Why the helper no longer answers, once it does not. */
  get failure(): string | undefined {
    return this.stopped;
  }

  /** Restarts used so far (at most MAX_HELPER_RESTARTS). */
  get restarts(): number {
    return this.restartsUsed;
  }

  /** Starts the process and asks what it has, without waiting: the run goes on meanwhile. */
  start(): this {
    void this.capabilities();
    return this;
  }

  /** Kills the helper when the run is aborted. */
  watch(signal: AbortSignal | undefined): this {
    if (signal === undefined) return this;
    this.watched.add(signal);
    if (signal.aborted) this.interrupt();
    else signal.addEventListener('abort', () => this.interrupt(), { once: true });
    return this;
  }

  /** Versions of Python and the tools, asked once; undefined when Python cannot be used. */
  capabilities(signal?: AbortSignal): Promise<PythonCapabilities | undefined> {
    this.capabilitiesAnswer ??= this.request<PythonCapabilities>('hello', {}, { timeoutMs: HELLO_TIMEOUT_MS }).catch(() => undefined);
    if (!signal) return this.capabilitiesAnswer;
    if (this.watched.has(signal)) {
      // Interrupting stops the helper, which ends the question; it must not read as "nothing installed".
      return this.capabilitiesAnswer.then((answer) => {
        if (signal.aborted) throw new InterruptedError();
        return answer;
      });
    }
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new InterruptedError());
      // Every check asks: the listener goes once the answer is there.
      const onAbort = (): void => reject(new InterruptedError());
      signal.addEventListener('abort', onAbort, { once: true });
      this.capabilitiesAnswer!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  request<T>(op: string, args: object, options: RequestOptions): Promise<T> {
    if (options.signal?.aborted) {
      this.interrupt();
      return Promise.reject(new InterruptedError());
    }
    if (this.stopped !== undefined) return Promise.reject(new HelperUnavailableError(this.stopped));
    const id = this.nextId++;
    const line = JSON.stringify({ id, op, args }) + '\n';
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => this.interrupt();
      // A watched signal stops the helper by itself: the run's many questions add nothing to it.
      const listen = options.signal !== undefined && !this.watched.has(options.signal) ? options.signal : undefined;
      listen?.addEventListener('abort', onAbort, { once: true });
      const settle =
        <A extends unknown[]>(done: (...args: A) => void) =>
        (...args: A): void => {
          listen?.removeEventListener('abort', onAbort);
          done(...args);
        };
      const entry: Pending = {
        id,
        line,
        resolve: settle(resolve as (value: unknown) => void),
        reject: settle(reject),
        timer: setTimeout(() => this.hung(id, op, options.timeoutMs), options.timeoutMs),
        retried: false,
      };
      this.pending.set(id, entry);
      this.send(entry);
    });
  }

  /** Kills the process and waits until it is gone; every later question fails at once. */
  async close(): Promise<void> {
    this.closedOnPurpose = true;
    this.stop('the Python helper was closed');
    await Promise.all(this.exits);
  }

  /** The run was interrupted: the process goes, and open questions end as interruptions. */
  private interrupt(): void {
    this.closedOnPurpose = true;
    this.stop('the run was interrupted', () => new InterruptedError());
  }

  /** Closed by its owner (the run ended or was aborted), not failed. */
  get closed(): boolean {
    return this.closedOnPurpose;
  }

  private send(entry: Pending): void {
    const child = this.child ?? this.spawnChild();
    if (child === undefined) return;
    child.stdin.write(entry.line);
  }

  private spawnChild(): ChildProcessWithoutNullStreams | undefined {
    installExitHook();
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(this.python, [this.script], {
        stdio: ['pipe', 'pipe', 'pipe'],
        // Its own process group, so the tools it starts die with it.
        detached: process.platform !== 'win32',
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      });
    } catch (cause) {
      this.stop(`${this.python} cannot be started: ${cause instanceof Error ? cause.message : String(cause)}`);
      return undefined;
    }
    this.child = child;
    this.stderrTail = '';
    live.add(this);
    // A process that never started emits 'error' and may never close.
    const exited = new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
    this.exits.add(exited);
    void exited.then(() => this.exits.delete(exited));
    // A helper left running must not keep writer alive; pending questions hold their timers.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        this.answer(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    // Writes to a helper that has just died fail; its exit says why.
    child.stdin.on('error', () => undefined);
    child.on('error', (cause: NodeJS.ErrnoException) => {
      if (this.child !== child) return;
      const reason = cause.code === 'ENOENT' ? `${this.python} was not found` : `${this.python} cannot be started: ${cause.message}`;
      // A missing interpreter stays missing: no restart.
      this.stop(reason);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      const last = this.stderrTail.trim().split('\n').pop()?.trim();
      this.crashed(`the Python helper stopped (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}`);
    });
    return child;
  }

  private answer(line: string): void {
    let message: { id?: unknown; ok?: unknown; result?: unknown; error?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    const entry = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (entry === undefined) return;
    this.pending.delete(entry.id);
    clearTimeout(entry.timer);
    if (message.ok === true) entry.resolve(message.result);
    else entry.reject(new HelperAnswerError(typeof message.error === 'string' ? message.error : 'the helper gave no reason'));
  }

  private hung(id: number, op: string, timeoutMs: number): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    const reason = `the Python helper did not answer '${op}' within ${timeoutMs} ms`;
    entry.reject(new HelperUnavailableError(reason));
    this.crashed(reason);
  }

  /** A crash or a hang: one new process for the questions still open, then no more. */
  private crashed(reason: string): void {
    this.kill();
    if (this.restartsUsed >= MAX_HELPER_RESTARTS) {
      this.stop(`${reason}; it was already restarted once`);
      return;
    }
    this.restartsUsed += 1;
    for (const entry of [...this.pending.values()]) {
      if (entry.retried) {
        this.pending.delete(entry.id);
        clearTimeout(entry.timer);
        entry.reject(new HelperUnavailableError(reason));
      } else {
        entry.retried = true;
        this.send(entry);
      }
    }
  }

  private stop(reason: string, failure: () => Error = () => new HelperUnavailableError(this.stopped ?? reason)): void {
    this.stopped ??= reason;
    this.kill();
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(failure());
    }
    this.pending.clear();
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    live.delete(this);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    // Held again until it is reaped: whoever closes the helper waits for that.
    child.ref();
    for (const stream of [child.stdout, child.stderr]) (stream as unknown as { ref?: () => void }).ref?.();
    child.stdin.destroy();
    try {
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}

/** Helpers shared by callers that do not bring their own, one per interpreter. */
const shared = new Map<string, PythonHelper>();

/** The process-wide helper for the interpreter, started on first use; a closed one is replaced. */
export function sharedPythonHelper(env: NodeJS.ProcessEnv = process.env): PythonHelper {
  const python = pythonInterpreter(env);
  let helper = shared.get(python);
  if (helper === undefined || helper.closed) {
    helper = new PythonHelper({ python });
    shared.set(python, helper);
  }
  return helper;
}
