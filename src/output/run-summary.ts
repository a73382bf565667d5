// The summary of one generation: what --json prints, what a batch report and a
// transcript hold. Defined here, below the app, so every output can use it.

import type { SuiteItem } from '../robot/suite-outline.js';

export interface RunSummary {
  /** 'skipped': --changed-only found the suite up to date and asked the model nothing. */
  status: 'ok' | 'failed' | 'skipped';
  spec: string;
  output: string | null;
  rounds: number;
  toolCalls: number;
  repeatsAvoided: number;
  truncatedChars: number;
  usage: { promptTokens: number; completionTokens: number; estimated: boolean };
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
