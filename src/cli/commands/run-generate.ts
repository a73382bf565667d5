// The generate command's action, loaded only when it runs: resolve the
// configuration, wire the renderer and Ctrl-C, run, report.

import { generate } from '../../app/generate.js';
import { generateRecorded } from '../../app/record-generation.js';
import path from 'node:path';
import { loadConfigFile } from '../../config/config-file.js';
import { resolveConfig, type Flags, type GenerateConfig } from '../../config/resolve-config.js';
import { junitXml } from '../../output/junit.js';
import { writeFileAtomic } from '../../output/write-atomic.js';
import { findSpecs } from '../../spec/find-specs.js';
import { runBatch } from './run-batch.js';
import { EXIT_INTERRUPTED, EXIT_OK, errorLine, exitCodeOf } from '../../errors.js';
import type { EventSink } from '../../loop/events.js';
import { TranscriptRecorder } from '../../output/transcript.js';
import { createRenderer } from '../render.js';
import { onInterrupt } from '../interrupt.js';

export async function runGenerate(flags: Record<string, unknown>): Promise<number> {
  const fileSettings = await loadConfigFile(flags.config as string | undefined, process.env);
  const settings = resolveConfig(flags as Flags, process.env, fileSettings);
  const found = await findSpecs(settings.specPatterns);
  if (found.batch) return runBatch(settings, found.files);
  return runSingle({ ...settings, spec: found.files[0] ?? settings.spec });
}

async function runSingle(config: GenerateConfig): Promise<number> {
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
    if (config.batch.junit) {
      const name = path.basename(config.spec, '.json');
      const junit = junitXml([{ name, file: config.spec, durationMs: result.durationMs, error: result.error ? renderer.redact(result.error) : null }]);
      await writeFileAtomic(config.batch.junit, junit, { overwrite: true });
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
