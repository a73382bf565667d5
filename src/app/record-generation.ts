// A generation with --record: the model and the tool session are wrapped by
// a Recorder, and the recording is written at the end of every run, also a
// failed one, because a failing run is what a bug report needs.

import type { GenerateConfig } from '../config/resolve-config.js';
import { errorLine } from '../errors.js';
import { Recorder } from '../record/recorder.js';
import type { RecordedSettings } from '../record/recording.js';
import { loadSpec } from '../spec/load-spec.js';
import { createChatModel, openToolSession } from './default-seams.js';
import { generate, type GenerateDependencies, type GenerateOutcome } from './generate.js';

export async function generateRecorded(config: GenerateConfig, file: string, deps: GenerateDependencies): Promise<GenerateOutcome> {
  const recorder = new Recorder(recordedSettings(config));
  // Loaded here to keep it in the recording; a spec that cannot be read fails inside generate as usual.
  const spec = deps.spec ?? (await loadSpec(config.spec).catch(() => undefined));
  if (spec) recorder.setSpec(spec.file, spec.spec);
  const outcome = await generate(config, {
    ...deps,
    spec,
    model: recorder.wrapModel(deps.model ?? createChatModel(config)),
    openSession: async () => recorder.wrapSession(await (deps.openSession ?? (() => openToolSession(config, deps.emit, deps.redactor)))()),
  });
  // --record takes neither --changed-only nor --update (resolveConfig), so no recorded run is skipped.
  recorder.finish(outcome.result.status === 'ok' ? 'ok' : 'failed', outcome.error);
  // A recording that cannot be written is said, not a reason to fail a run that wrote its suite.
  try {
    await recorder.save(file, deps.redactor);
  } catch (failure) {
    deps.emit({ type: 'notice', message: `the recording was not written: ${errorLine(failure)}` });
    return outcome;
  }
  deps.emit({ type: 'info', message: `recorded the run in ${file} (replay it with: writer replay ${file})` });
  return outcome;
}

/** The settings a replay needs to run the same generation; never the key or the MCP headers. */
function recordedSettings(config: GenerateConfig): RecordedSettings {
  return {
    model: config.model.name,
    ...(config.model.baseURL !== undefined ? { baseURL: config.model.baseURL } : {}),
    temperature: config.model.temperature,
    ...(config.repo !== undefined ? { repo: config.repo } : { mcpUrl: config.mcp.url }),
    ...(config.tools.projectId !== undefined ? { projectId: config.tools.projectId } : {}),
    ...(config.tools.ref !== undefined ? { ref: config.tools.ref } : {}),
    inject: { ...config.tools.inject },
    toolPolicy: {
      allowWriteTools: config.tools.policy.allowWriteTools,
      ...(config.tools.policy.only !== undefined ? { only: [...config.tools.policy.only] } : {}),
      allow: [...config.tools.policy.allow],
      deny: [...config.tools.policy.deny],
    },
    conventionsPath: config.conventionsPath,
    validate: config.validate,
    robot: { variables: [...config.robot.variables], languages: [...config.robot.languages] },
    limits: { ...config.limits },
  };
}
