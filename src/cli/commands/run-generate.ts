// The generate command's action, loaded only when it runs: resolve the
// configuration, wire the renderer and Ctrl-C, run, report.

import { generate } from '../../app/generate.js';
import { generateRecorded } from '../../app/record-generation.js';
import { resolveConfig, type Flags } from '../../config/resolve-config.js';
import { EXIT_INTERRUPTED, EXIT_OK, errorLine, exitCodeOf } from '../../errors.js';
import type { EventSink } from '../../loop/events.js';
import { TranscriptRecorder } from '../../output/transcript.js';
import { createRenderer } from '../render.js';
import { onInterrupt } from '../interrupt.js';

export async function runGenerate(flags: Record<string, unknown>): Promise<number> {
  const config = resolveConfig(flags as Flags, process.env);
  const renderer = createRenderer({ secrets: config.secrets });
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    renderer.notice('interrupted: stopping the model and pending tool calls');
    controller.abort();
  });
  try {
    const transcript = config.transcript ? new TranscriptRecorder(config) : undefined;
    const emit: EventSink = transcript
      ? (event) => {
          transcript.record(event);
          renderer.emit(event);
        }
      : renderer.emit;
    const deps = { emit, signal: controller.signal };
    const { result, error } = config.record ? await generateRecorded(config, config.record, deps) : await generate(config, deps);
    renderer.finish(result);
    // Written whatever the outcome: a failed run is when a transcript is most useful.
    if (transcript && config.transcript) {
      await transcript.write(config.transcript, result).catch((failure: unknown) => {
        renderer.notice(`the transcript was not written: ${errorLine(failure)}`);
      });
    }
    if (config.json) process.stdout.write(renderer.redact(JSON.stringify(result)) + '\n');
    else if (config.dryRun && result.content !== undefined) process.stdout.write(result.content);
    if (error === undefined) return EXIT_OK;
    renderer.error(errorLine(error), result.problems);
    return controller.signal.aborted ? EXIT_INTERRUPTED : exitCodeOf(error);
  } finally {
    stopListening();
  }
}
