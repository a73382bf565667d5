// The table a batch ends with: spec, status, output, rounds, tokens (cached
// among them, and the estimated cost with prices set), time; then the totals
// and the suites whose spec went away.

import path from 'node:path';
import type { GenerateResult } from '../app/generate.js';
import type { Orphan } from '../app/orphans.js';
import { totalUsage } from '../output/usage.js';
import { statusText } from './outcome-text.js';
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
    statusText(result),
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
  const matching = results.filter(({ result }) => result.changed === false).length;
  const total = totalUsage(results.map(({ result }) => result.usage));
  const cost = costText(total);
  const footer = [
    `${count('ok') - matching} ${options.dryRun ? 'ready (dry run)' : 'written'}`,
    ...(matching ? [`${matching} already matching`] : []),
    ...(count('skipped') ? [`${count('skipped')} skipped (up to date)`] : []),
    `${count('failed')} failed`,
    ...(notRun ? [`${notRun} not run`] : []),
  ];
  return [format(header), ...rows.map(format), '', footer.join(', '), `used: ${tokensText(total)}${cost ? `, ${cost}` : ''}`];
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

const ORPHAN_REASONS: Record<Orphan['reason'], string> = {
  'spec-missing': 'no longer exists',
  'spec-retargeted': 'now writes another suite',
};

const ORPHAN_ACTIONS: Record<Orphan['action'], string> = {
  listed: 'delete it with --prune',
  deleted: 'deleted',
  'kept-edited': 'kept: edited since it was written',
  'already-gone': 'already gone; dropped from the manifest',
};

export function orphanLines(orphans: readonly Orphan[], outDir: string): string[] {
  if (!orphans.length) return [];
  return [
    `${orphans.length} orphaned suite(s) in ${outDir}, whose spec went away:`,
    ...orphans.map(
      (orphan) =>
        `  ${path.posix.join(outDir.split(path.sep).join('/'), orphan.target)} (spec ${orphan.spec}${orphan.specId !== null ? `, ${orphan.specId}` : ''}, ${ORPHAN_REASONS[orphan.reason]}): ${ORPHAN_ACTIONS[orphan.action]}`,
    ),
  ];
}
