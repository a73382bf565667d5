// The bridge to Robot Framework's own parser: robot.api.get_model run by the run's Python
// helper, whose errors back up the built-in checks when Robot is installed.

import type { SuiteProblem } from './problems.js';
import type { RobotPython } from './robot-python.js';
import type { FileKind } from './setting-names.js';

/** A parse of one suite takes well under a second; a hung interpreter must not hang a run. */
export const ROBOT_PARSE_TIMEOUT_MS = 30_000;

/** What Robot Framework's parser says about a file: errors, and warnings such as deprecations. */
export interface RobotVerdict {
  errors: SuiteProblem[];
  warnings: SuiteProblem[];
}

export interface RobotParseOptions {
  /** Languages the file may be written in besides English (Robot's `lang=`). */
  languages?: readonly string[];
  /** The run's helper. */
  python: RobotPython;
  /** Aborting stops the run and the helper with it. */
  signal?: AbortSignal;
}

/** Whether `import robot` works for the helper's interpreter (none without a helper); asked once per helper. */
export async function robotParserAvailable(python: RobotPython | undefined): Promise<boolean> {
  return (await python?.capabilities())?.robot != null;
}

/** The errors Robot Framework's parser reports for a suite (or resource/init file). */
export async function parseWithRobot(text: string, options: { kind?: FileKind } & RobotParseOptions): Promise<SuiteProblem[]> {
  return (await robotVerdict(text, options.kind ?? 'suite', options)).errors;
}

export async function robotVerdict(text: string, kind: FileKind, options: RobotParseOptions): Promise<RobotVerdict> {
  const parsed = await options.python
    .request<{ errors?: unknown; warnings?: unknown }>(
      'parse',
      { text, kind, ...(options.languages?.length ? { languages: [...options.languages] } : {}) },
      { timeoutMs: ROBOT_PARSE_TIMEOUT_MS, signal: options.signal },
    )
    .catch((cause: unknown) => {
      if (!(cause instanceof Error) || cause.name === 'InterruptedError') throw cause;
      throw new Error(`Robot Framework's parser failed: ${cause.message}`, { cause });
    });
  return { errors: problems(parsed.errors), warnings: problems(parsed.warnings) };
}

function problems(value: unknown): SuiteProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: { line?: unknown; message?: unknown }) =>
    typeof entry.line === 'number' && typeof entry.message === 'string' ? [{ line: entry.line, message: oneLine(entry.message) }] : [],
  );
}

/** Robot puts "Did you mean:" candidates on indented lines; reports are one line each. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
