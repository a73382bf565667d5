// Lints Robot Framework files on disk with the same checks as generated suites; the
// CLI command renders the report and picks the exit code.

import path from 'node:path';

import { mapLimit } from '../loop/map-limit.js';
import { type InputFileError, readRegularFile } from '../read-regular-file.js';
import { type Validation, checkSuite } from '../robot/check-suite.js';
import type { SuiteProblem } from '../robot/problems.js';

export interface LintFileReport {
  file: string;
  errors: SuiteProblem[];
  notes: SuiteProblem[];
}

export interface LintReport {
  files: LintFileReport[];
  unreadable: Array<{ file: string; message: string }>;
}

export interface LintOptions {
  validate?: Validation;
}

/** Files checked at once; each may start a Python process for Robot Framework's parser. */
const LINT_CONCURRENCY = 4;
/** Suites teams keep are at most a few hundred kilobytes; checking 5 MiB already takes about 200 MB of memory. */
export const MAX_LINT_FILE_BYTES = 5 * 1024 * 1024;

export async function lintFiles(files: string[], options: LintOptions): Promise<LintReport> {
  const outcomes = await mapLimit(files, LINT_CONCURRENCY, (file) => lintFile(file, options));
  const report: LintReport = { files: [], unreadable: [] };
  for (const outcome of outcomes) {
    if ('errors' in outcome) report.files.push(outcome);
    else report.unreadable.push(outcome);
  }
  return report;
}

/** `file:line: message`, notes as `file:line: note: message`, ordered by line per file. */
export function formatLintReport(report: LintReport): string[] {
  const lines = report.unreadable.map(({ file, message }) => `${file}: ${message}`);
  for (const { file, errors, notes } of report.files) {
    const entries = [
      ...errors.map((problem) => ({ problem, prefix: '' })),
      ...notes.map((problem) => ({ problem, prefix: 'note: ' })),
    ].sort((a, b) => a.problem.line - b.problem.line);
    for (const { problem, prefix } of entries) {
      lines.push(`${file}:${problem.line}: ${prefix}${problem.message}${suggestionText(problem)}`);
    }
  }
  return lines;
}

async function lintFile(file: string, options: LintOptions): Promise<LintFileReport | { file: string; message: string }> {
  let text: string;
  try {
    text = await readRegularFile(file, MAX_LINT_FILE_BYTES);
  } catch (cause) {
    return { file, message: `cannot read: ${(cause as Error).message}` };
  }
  try {
    const result = await checkSuite(text, {
      // Robot resolves imports with forward slashes on every platform; so do the checks.
      suitePath: file.split(path.sep).join(path.posix.sep),
      readFile: readTextIfPresent,
      validate: options.validate,
    });
    return { file, errors: result.errors, notes: result.notes };
  } catch (cause) {
    if (cause instanceof UnreadableResource) return { file, message: cause.message };
    throw cause;
  }
}

/** A resource that exists but cannot be read as one (a FIFO, a device, too large): the file's check stops with it. */
class UnreadableResource extends Error {}

/** A missing resource is a finding of the check; one that exists but is no readable file stops the file's check. */
async function readTextIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readRegularFile(file, MAX_LINT_FILE_BYTES);
  } catch (cause) {
    const code = (cause as InputFileError).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw new UnreadableResource(`cannot read the resource ${file}: ${(cause as Error).message}`);
  }
}

function suggestionText(problem: SuiteProblem): string {
  const suggestions = problem.suggestions ?? [];
  return suggestions.length === 0 ? '' : ` (did you mean ${suggestions.map((name) => `'${name}'`).join(', ')}?)`;
}
