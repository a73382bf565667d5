// Runs a generation-like action (replay, demo) with what `writer generate`
// gives one: progress on stderr, Ctrl-C, the suite or the JSON summary on
// stdout, and the exit code of the outcome.

import type { GenerateDependencies, GenerateOutcome } from '../../app/generate.js';
import { EXIT_INTERRUPTED, EXIT_OK, errorLine, exitCodeOf } from '../../errors.js';
import { onInterrupt } from '../interrupt.js';
import { createRenderer } from '../render.js';

export async function presentRun(
  options: { json: boolean; dryRun: boolean },
  run: (deps: GenerateDependencies) => Promise<GenerateOutcome>,
): Promise<number> {
  const renderer = createRenderer({ secrets: [] });
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    renderer.notice('interrupted: stopping');
    controller.abort();
  });
  try {
    const { result, error } = await run({ emit: renderer.emit, signal: controller.signal });
    renderer.finish(result);
    if (options.json) process.stdout.write(renderer.redact(JSON.stringify(result)) + '\n');
    else if (options.dryRun && result.content !== undefined) process.stdout.write(result.content);
    if (error === undefined) return EXIT_OK;
    renderer.error(errorLine(error), result.problems);
    return controller.signal.aborted ? EXIT_INTERRUPTED : exitCodeOf(error);
  } finally {
    stopListening();
  }
}
