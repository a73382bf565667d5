// Runs one generation-like action (generate, replay, demo) the way `writer
// generate` presents it: progress on stderr, Ctrl-C, reports written after the
// run whatever its outcome, the suite or the JSON summary on stdout, and the
// exit code of the outcome.

import type { GenerateDependencies, GenerateOutcome, GenerateResult } from '../../app/generate.js';
import { EXIT_INTERRUPTED, EXIT_OK, errorLine, exitCodeOf } from '../../errors.js';
import type { EventSink } from '../../loop/events.js';
import { printable, printableJson } from '../../printable.js';
import { redactDeep, type Redactor } from '../../output/redact.js';
import { onInterrupt } from '../interrupt.js';
import { createRenderer } from '../render.js';

export interface PresentOptions {
  json: boolean;
  dryRun: boolean;
  /** The run's redactor: every line, the JSON summary and the reports pass through it; the run's OAuth tokens join it. */
  redactor: Redactor;
  /** Another consumer of the run's events, e.g. a transcript. */
  onEvent?: EventSink;
  /** Reports to write once the run is over (transcript, JUnit); `warn` says what could not be written. */
  after?: (result: GenerateResult, tools: { redact: (text: string) => string; warn: (message: string) => void }) => Promise<void>;
}

export async function presentRun(options: PresentOptions, run: (deps: GenerateDependencies) => Promise<GenerateOutcome>): Promise<number> {
  const renderer = createRenderer({ redactor: options.redactor });
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    renderer.notice('interrupted: stopping the model and pending tool calls');
    controller.abort();
  });
  const { onEvent } = options;
  const emit: EventSink = onEvent
    ? (event) => {
        onEvent(event);
        renderer.emit(event);
      }
    : renderer.emit;
  try {
    const { result, error } = await run({ emit, signal: controller.signal, redactor: options.redactor });
    renderer.finish(result);
    await options.after?.(result, { redact: renderer.redact, warn: renderer.notice });
    // An update prints its diff: what a reviewer wants to see, not the whole suite again.
    const shown = result.diff ?? result.content;
    if (options.json) process.stdout.write(printableJson(redactDeep(result, renderer.redact)) + '\n');
    else if (options.dryRun && shown !== undefined) process.stdout.write(printable(renderer.redact(shown)));
    if (error === undefined) return EXIT_OK;
    renderer.error(errorLine(error, renderer.redact), result.problems);
    return controller.signal.aborted ? EXIT_INTERRUPTED : exitCodeOf(error);
  } finally {
    stopListening();
  }
}
