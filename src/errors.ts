// Typed errors that stop a run. Each carries the exit code the CLI reports;
// src/cli/main.ts is the only place that turns them into a process exit.

import { printableLine } from './printable.js';

export const EXIT_OK = 0;
/** The model produced no usable suite (no suite, limits reached, checks still failing). */
export const EXIT_NO_SUITE = 1;
/** Bad usage or input: flags, settings, spec, target path, existing file. */
export const EXIT_USAGE = 2;
/** A service failed: MCP server or model unreachable, auth refused, HTTP errors after retries. */
export const EXIT_SERVICE = 3;
/** Interrupted by the user (Ctrl-C), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

export abstract class WriterError extends Error {
  abstract readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags, missing settings, invalid spec or config, unsafe paths. */
export class UsageError extends WriterError {
  readonly exitCode = EXIT_USAGE;
}

/**
 * How a service failed. Callers (doctor, the exit code, --tool-format auto) decide
 * by the kind, never by the message, which is for people.
 * - unreachable: nobody answered (refused connection, unknown host, TLS, an embedded server that did not start)
 * - auth: the credentials were refused, or a sign-in is needed
 * - http: another error status, after the retries
 * - timeout: no (complete) answer in time
 * - stream-cut: the model's reply stream broke off, also when asked again
 * - tools-refused: the model endpoint takes no native tool calls
 * - protocol: an answer that is not what the protocol promises (no chat completion stream, an MCP error answer)
 */
export type ServiceFailure =
  { kind: 'unreachable' | 'auth' | 'timeout' | 'stream-cut' | 'tools-refused' | 'protocol' } | { kind: 'http'; status: number };

export type ServiceErrorKind = ServiceFailure['kind'];

/** Every kind of service failure, for checks that must cover them all. */
export const SERVICE_ERROR_KINDS: readonly ServiceErrorKind[] = [
  'unreachable',
  'auth',
  'http',
  'timeout',
  'stream-cut',
  'tools-refused',
  'protocol',
];

/** The exit code of a service failure; a new kind has to be decided here. */
export function serviceExitCode(kind: ServiceErrorKind): number {
  switch (kind) {
    case 'unreachable':
    case 'auth':
    case 'http':
    case 'timeout':
    case 'stream-cut':
    case 'tools-refused':
    case 'protocol':
      return EXIT_SERVICE;
  }
}

/** An MCP server or model endpoint that cannot be reached, refuses us, or answers wrongly. */
export class ServiceError extends WriterError {
  readonly exitCode: number;
  readonly kind: ServiceErrorKind;
  /** The HTTP status of an `http` failure. */
  readonly status: number | undefined;

  constructor(message: string, failure: ServiceFailure, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = failure.kind;
    this.status = failure.kind === 'http' ? failure.status : undefined;
    this.exitCode = serviceExitCode(failure.kind);
  }
}

/** The conversation ended without a suite that can be written. */
export class GenerationError extends WriterError {
  readonly exitCode = EXIT_NO_SUITE;
  constructor(
    message: string,
    /** Problems left in the last answer, when checks failed. */
    readonly problems: ReadonlyArray<{ line: number; message: string }> = [],
  ) {
    super(message);
  }
}

/** The model's reply hit the length cap (finish_reason: length): cut off, so never taken as an answer. */
export class ReplyCutError extends GenerationError {}

/** The user interrupted the run. */
export class InterruptedError extends WriterError {
  readonly exitCode = EXIT_INTERRUPTED;
  constructor(message = 'interrupted') {
    super(message);
  }
}

function isWriterError(error: unknown): error is WriterError {
  return error instanceof WriterError;
}

/** An error line stays readable: an HTML error page from a gateway is cut here. */
const MAX_ERROR_LINE = 500;

/**
 * The one line shown for any error: ours as they are, anything else without its
 * stack, control characters dropped. A printer hands in its redaction, which runs
 * before the line is cut, so no part of a secret survives.
 */
export function errorLine(error: unknown, redact: (text: string) => string = (text) => text): string {
  const message =
    printableLine(error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, ' ')
      .trim() || 'unknown error';
  return cutAtWord(redact(message));
}

/**
 * A long line cut at its last space before the limit. A line without a redaction
 * becomes part of another error's message, redacted only when that is printed; a
 * token cut in half there would no longer match, and its first half would show.
 */
function cutAtWord(text: string): string {
  if (text.length <= MAX_ERROR_LINE) return text;
  const head = text.slice(0, MAX_ERROR_LINE - 1);
  const space = head.lastIndexOf(' ');
  return `${space > 0 ? head.slice(0, space) : head}…`;
}

export function exitCodeOf(error: unknown): number {
  return isWriterError(error) ? error.exitCode : EXIT_SERVICE;
}
