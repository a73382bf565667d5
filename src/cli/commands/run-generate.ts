// The generate command's action, loaded only when it runs: resolve the
// configuration, wire the renderer and Ctrl-C, run, report.

import { generate } from '../../app/generate.js';
import { resolveConfig, type Flags } from '../../config/resolve-config.js';
import { EXIT_INTERRUPTED, EXIT_OK, errorLine, exitCodeOf } from '../../errors.js';
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
    const { result, error } = await generate(config, { emit: renderer.emit, signal: controller.signal });
    renderer.finish(result);
    if (config.json) process.stdout.write(renderer.redact(JSON.stringify(result)) + '\n');
    else if (config.dryRun && result.content !== undefined) process.stdout.write(result.content);
    if (error === undefined) return EXIT_OK;
    renderer.error(errorLine(error), result.problems);
    return controller.signal.aborted ? EXIT_INTERRUPTED : exitCodeOf(error);
  } finally {
    stopListening();
  }
}
