// The summary of one generation: what --json prints, what a batch report and a
// transcript hold. Defined here, below the app, so every output can use it.

import type { SuiteItem } from '../robot/suite-outline.js';
import type { Usage } from './usage.js';

export interface RunSummary {
  /**
   * skipped: --changed-only found the suite up to date and asked the model nothing;
   * not-run: a spec of a batch that never started because the batch's token budget was spent.
   */
  status: 'ok' | 'failed' | 'skipped' | 'not-run';
  spec: string;
  output: string | null;
  rounds: number;
  toolCalls: number;
  repeatsAvoided: number;
  truncatedChars: number;
  usage: Usage;
  durationMs: number;
  error: string | null;
  problems?: Array<{ line: number; message: string }>;
  /** The suite, on a dry run. */
  content?: string;
  /** An update (--update): whether the suite changed, and the test cases and keywords it gained and lost. */
  changed?: boolean;
  added?: SuiteItem[];
  removed?: SuiteItem[];
  /** An update on a dry run: the unified diff of the suite. */
  diff?: string;
}

/** What an update did to a suite, as the summary reports it. */
export type SuiteChange = Required<Pick<RunSummary, 'changed' | 'added' | 'removed'>>;
