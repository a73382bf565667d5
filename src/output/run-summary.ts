// The summary of one generation: what --json prints, what a batch report and a
// transcript hold. Defined here, below the app, so every output can use it.

import type { Usage } from './usage.js';

export interface RunSummary {
  /** not-run: a spec of a batch that never started because the batch's token budget was spent. */
  status: 'ok' | 'failed' | 'not-run';
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
}
