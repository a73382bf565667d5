// `writer replay`: the same generation again from a recording, with the
// recorded model replies and tool results in place of the model and the MCP
// server, so a run anyone recorded can be reproduced offline, byte for byte.

import { DEFAULT_MAX_RETRY_WAIT_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from '../config/defaults.js';
import type { GenerateConfig } from '../config/resolve-config.js';
import { UsageError } from '../errors.js';
import { readRecording, type Recording } from '../record/recording.js';
import { ReplayChatModel, ReplayToolSession } from '../record/replay.js';
import { checkSpec } from '../spec/load-spec.js';
import { generate, type GenerateDependencies, type GenerateOutcome } from './generate.js';

export interface ReplayOptions {
  out: string;
  dryRun: boolean;
  force: boolean;
  json: boolean;
}

export async function replay(file: string, options: ReplayOptions, deps: GenerateDependencies): Promise<GenerateOutcome> {
  const recording = await readRecording(file);
  if (recording.spec === null) throw new UsageError(`${file}: the recorded run could not read its spec; there is nothing to replay`);
  if (recording.catalogue === null) {
    throw new UsageError(
      `${file}: the recorded run ended before the tool session opened (${recording.outcome.error ?? 'no error recorded'})`,
    );
  }
  const spec = checkSpec(recording.spec.content, recording.spec.path);
  const catalogue = recording.catalogue;
  deps.emit({
    type: 'info',
    message: `replaying ${file}: the model's replies and the tool results come from the recording (${describeSource(recording)}); nothing goes to the network`,
  });
  return generate(configFromRecording(recording, { ...options, spec: spec.file }), {
    ...deps,
    spec,
    model: new ReplayChatModel(recording.settings.model, recording.modelReplies, file),
    openSession: () => Promise.resolve(new ReplayToolSession(recording.server ?? 'MCP server', catalogue, recording.toolCalls)),
  });
}

/** A configuration that runs the recorded generation; where the suite goes is the replay's own choice. */
export function configFromRecording(recording: Recording, options: ReplayOptions & { spec: string; repo?: string }): GenerateConfig {
  const settings = recording.settings;
  return {
    spec: options.spec,
    specPatterns: [options.spec],
    batch: { concurrency: 1 },
    out: options.out,
    mcp: { url: settings.mcpUrl ?? '', headers: {} },
    ...(options.repo !== undefined ? { repo: options.repo } : {}),
    tools: {
      projectId: settings.projectId,
      ref: settings.ref,
      inject: { ...settings.inject },
      policy: { ...settings.toolPolicy, allow: [...settings.toolPolicy.allow], deny: [...settings.toolPolicy.deny] },
    },
    model: {
      name: settings.model,
      baseURL: settings.baseURL,
      temperature: settings.temperature,
      retries: DEFAULT_RETRIES,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS,
    },
    conventionsPath: settings.conventionsPath,
    limits: { ...settings.limits },
    validate: settings.validate as GenerateConfig['validate'],
    robot: { variables: [...(settings.robot?.variables ?? [])], languages: [...(settings.robot?.languages ?? [])] },
    dryRun: options.dryRun,
    json: options.json,
    force: options.force,
    secrets: [],
  };
}

function describeSource(recording: Recording): string {
  const where =
    recording.settings.repo !== undefined ? `--repo ${recording.settings.repo}` : (recording.settings.mcpUrl ?? 'an MCP server');
  return `recorded ${recording.recordedAt} with model ${recording.settings.model} against ${where}`;
}
