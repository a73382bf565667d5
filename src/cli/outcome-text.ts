// How the end of one spec's run reads on a line: a suite written, updated or
// already matching, or skipped as up to date. Failures are the error line.

import type { GenerateResult } from '../app/generate.js';

/** `dryRun` is how the caller words a new suite that was only printed. */
export function outcomeText(result: GenerateResult, dryRun: string): string {
  if (result.status === 'skipped') return `skipped (up to date): ${result.output ?? ''}`;
  if (result.changed === false) return `${result.output ?? result.spec}: already matches the spec, left as it is`;
  if (result.changed === true) {
    const counts = `${result.added?.length ?? 0} test case(s) or keyword(s) added, ${result.removed?.length ?? 0} removed`;
    return `${result.output ? `updated ${result.output}` : 'update ready (dry run)'} (${counts})`;
  }
  return result.output ? `wrote ${result.output}` : dryRun;
}

/** The status column of the batch table. */
export function statusText(result: GenerateResult): string {
  if (result.status === 'skipped') return 'skipped (up to date)';
  if (result.status === 'not-run') return 'not run';
  if (result.status === 'ok' && result.changed === false) return 'ok (already matches)';
  if (result.status === 'ok' && result.changed === true) return 'ok (updated)';
  return result.status;
}
