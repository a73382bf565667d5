// The summary of one generation: what --json prints, what a batch report and a
// transcript hold. Defined here, below the app, so every output can use it.

export interface RunSummary {
  status: 'ok' | 'failed';
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
}
