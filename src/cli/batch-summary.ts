// The table a batch ends with: spec, status, output, rounds, tokens (cached
// among them, and the estimated cost with prices set), time; then the totals.

import path from 'node:path';
import type { GenerateResult } from '../app/generate.js';
import { totalUsage } from '../output/usage.js';
import { costText, formatCost, tokensText } from './usage-text.js';

/** Error texts can be long; the table keeps a line per spec. */
const MAX_CELL = 80;

export function batchTable(
  results: ReadonlyArray<{ label: string; result: GenerateResult }>,
  options: { redact: (text: string) => string; dryRun: boolean },
): string[] {
  const priced = results.some(({ result }) => result.usage.estimatedCost !== undefined);
  const rows = results.map(({ label, result }) => [
    label,
    result.status === 'not-run' ? 'not run' : result.status,
    shown(result, options.redact),
    String(result.rounds),
    String(result.usage.promptTokens + result.usage.completionTokens),
    String(result.usage.cachedTokens),
    ...(priced ? [result.usage.estimatedCost === undefined ? '' : `≈${formatCost(result.usage.estimatedCost)}`] : []),
    `${(result.durationMs / 1000).toFixed(1)} s`,
  ]);
  const header = ['spec', 'status', 'output', 'rounds', 'tokens', 'cached', ...(priced ? ['cost'] : []), 'time'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]): string =>
    row
      .map((cell, column) => (column >= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = (status: GenerateResult['status']): number => results.filter(({ result }) => result.status === status).length;
  const notRun = count('not-run');
  const total = totalUsage(results.map(({ result }) => result.usage));
  const cost = costText(total);
  return [
    format(header),
    ...rows.map(format),
    '',
    `${count('ok')} ${options.dryRun ? 'ready (dry run)' : 'written'}, ${count('failed')} failed${notRun ? `, ${notRun} not run` : ''}`,
    `used: ${tokensText(total)}${cost ? `, ${cost}` : ''}`,
  ];
}

function shown(result: GenerateResult, redact: (text: string) => string): string {
  if (result.output) {
    const relative = path.relative(process.cwd(), result.output);
    return relative.startsWith('..') ? result.output : relative;
  }
  if (result.status === 'ok') return '(dry run)';
  // Redacted before it is cut, so no part of a secret survives the cut.
  const error = redact(result.error ?? '');
  return error.length > MAX_CELL ? `${error.slice(0, MAX_CELL - 1)}…` : error;
}
