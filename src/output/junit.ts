// JUnit XML for a run, one spec or a batch: one testcase per spec, failures carry
// the error and the problems, specs not generated (up to date, or not run) a
// <skipped/>, so GitLab shows the outcome of a generation job in merge requests.
// Token usage goes in properties, of each testcase and of the whole suite.

import type { RunSummary } from './run-summary.js';
import { totalUsage, type Usage } from './usage.js';

/** Why JUnit reports a spec as skipped when --changed-only found its suite up to date. */
export const UP_TO_DATE = 'up to date (--changed-only)';

/** One spec of the run: its name in the report (the spec's id), its file and its outcome. */
export interface JunitRun {
  name: string;
  file: string;
  result: RunSummary;
}

export type JunitProperties = Record<string, string | number | boolean>;

export interface JunitCase {
  name: string;
  file: string;
  durationMs: number;
  error?: string | null;
  details?: string;
  /** Why the spec was not generated: its suite is up to date, or the batch's budget was spent (a <skipped> testcase). */
  skipped?: string;
  properties?: JunitProperties;
}

/** A run's usage as properties, under the names of the --json summary. */
export function usageProperties(usage: Usage): JunitProperties {
  return {
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    cachedTokens: usage.cachedTokens,
    ...(usage.estimated ? { tokensEstimated: true } : {}),
    ...(usage.estimatedCost !== undefined ? { estimatedCost: usage.estimatedCost } : {}),
  };
}

/** The report of a run: a testcase per spec, the run's total usage as the suite's properties; `redact` hides the run's secrets. */
export function junitReport(runs: readonly JunitRun[], redact: (text: string) => string): string {
  const total = totalUsage(runs.map((run) => run.result.usage));
  return junitXml(
    runs.map((run) => junitCase(run, redact)),
    undefined,
    usageProperties(total),
  );
}

function junitCase({ name, file, result }: JunitRun, redact: (text: string) => string): JunitCase {
  const outcome =
    result.status === 'not-run'
      ? { skipped: redact(result.error ?? 'not run') }
      : result.status === 'skipped'
        ? { skipped: UP_TO_DATE }
        : {
            error: result.error ? redact(result.error) : null,
            details: redact(
              [result.error, ...(result.problems ?? []).map((problem) => `line ${problem.line}: ${problem.message}`)].join('\n'),
            ),
          };
  return { name, file, durationMs: result.durationMs, ...outcome, properties: usageProperties(result.usage) };
}

export function junitXml(cases: readonly JunitCase[], suiteName = 'writer generate', suiteProperties: JunitProperties = {}): string {
  const failures = cases.filter((entry) => entry.error).length;
  const skipped = cases.filter((entry) => entry.skipped !== undefined).length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const total = cases.reduce((sum, entry) => sum + entry.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="writer" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
    `  <testsuite name="${escape(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">`,
    ...propertyLines(suiteProperties, '    '),
  ];
  for (const entry of cases) {
    const open = `    <testcase classname="writer.generate" name="${escape(entry.name)}" file="${escape(entry.file)}" time="${seconds(entry.durationMs)}"`;
    const properties = propertyLines(entry.properties ?? {}, '      ');
    if (!entry.error && entry.skipped === undefined && !properties.length) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`, ...properties);
    if (entry.skipped !== undefined) lines.push(`      <skipped message="${escape(entry.skipped)}"/>`);
    else if (entry.error)
      lines.push(
        `      <failure message="${escape(entry.error)}" type="GenerationFailed">${escape(entry.details ?? entry.error)}</failure>`,
      );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function propertyLines(properties: JunitProperties, indent: string): string[] {
  const entries = Object.entries(properties);
  if (!entries.length) return [];
  return [
    `${indent}<properties>`,
    ...entries.map(([name, value]) => `${indent}  <property name="${escape(name)}" value="${escape(String(value))}"/>`),
    `${indent}</properties>`,
  ];
}

function escape(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot hold at all.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
