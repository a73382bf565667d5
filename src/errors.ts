// Typed errors that stop a run. Each carries the exit code the CLI reports;
// src/cli/main.ts is the only place that turns them into a process exit.

import { printableLine } from './output/printable.js';
import { redactKnownSecrets } from './output/redact.js';
import type { SuiteChange } from './output/run-summary.js';

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

/** An MCP server or model endpoint that cannot be reached or refuses us. */
export class ServiceError extends WriterError {
  readonly exitCode = EXIT_SERVICE;
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
/** An update would drop test cases or keywords the spec does not ask to remove; nothing was written. */
export class RemovalRefusedError extends GenerationError {
  constructor(
    message: string,
    readonly change: SuiteChange,
  ) {
    super(message);
  }
}

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
 * stack, control characters dropped. Known secrets are redacted before the line is
 * cut, so no part of one survives.
 */
export function errorLine(error: unknown): string {
  const message =
    printableLine(error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, ' ')
      .trim() || 'unknown error';
  const text = redactKnownSecrets(message);
  return text.length > MAX_ERROR_LINE ? `${text.slice(0, MAX_ERROR_LINE - 1)}…` : text;
}

export function exitCodeOf(error: unknown): number {
  return isWriterError(error) ? error.exitCode : EXIT_SERVICE;
}
