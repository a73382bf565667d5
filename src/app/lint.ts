// Lints Robot Framework files on disk with the same checks as generated suites; the
// CLI command renders the report and picks the exit code.

import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { mapLimit } from '../loop/map-limit.js';
import { type Validation, checkSuite } from '../robot/check-suite.js';
import type { SuiteProblem } from '../robot/problems.js';
import { type CheckRun, openCheckRun, requireValidationTools } from './check-run.js';

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
  signal?: AbortSignal;
}

/** Files checked at once; their questions for Python queue at the one helper. */
const LINT_CONCURRENCY = 4;

/** All files share one Python helper, one library cache and the tools' caches. */
export async function lintFiles(files: string[], options: LintOptions): Promise<LintReport> {
  const validate = options.validate ?? 'auto';
  await requireValidationTools(validate);
  const run = openCheckRun({ validate, placement: 'in-place', signal: options.signal });
  let outcomes: Array<LintFileReport | { file: string; message: string }>;
  try {
    outcomes = await mapLimit(files, LINT_CONCURRENCY, (file) => lintFile(file, run));
  } finally {
    await run.close();
  }
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

async function lintFile(file: string, run: CheckRun): Promise<LintFileReport | { file: string; message: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    return { file, message: `cannot read: ${readFailure(cause)}` };
  }
  const result = await checkSuite(text, {
    ...run.options(readTextIfPresent),
    // Robot resolves imports with forward slashes on every platform; so do the checks.
    suitePath: file.split(path.sep).join(path.posix.sep),
    readFile: readTextIfPresent,
  });
  return { file, errors: result.errors, notes: result.notes };
}

async function readTextIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readFailure(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return cause instanceof Error ? cause.message : String(cause);
}

function suggestionText(problem: SuiteProblem): string {
  const suggestions = problem.suggestions ?? [];
  return suggestions.length === 0 ? '' : ` (did you mean ${suggestions.map((name) => `'${name}'`).join(', ')}?)`;
}
