// `writer demo`: the quick start. It generates a suite from specs/example.json
// against the bundled example repository (served through --repo, read live),
// with the model's replies replayed from a recording shipped in the package:
// no API key, no network.

import path from 'node:path';
import { UsageError } from '../errors.js';
import { fileExists } from '../output/write-atomic.js';
import { packageFile } from '../package-files.js';
import { readRecording } from '../record/recording.js';
import { ReplayChatModel } from '../record/replay.js';
import { loadSpec } from '../spec/load-spec.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { generate, type GenerateDependencies, type GenerateOutcome } from './generate.js';
import { configFromRecording, type ReplayOptions } from './replay.js';

export const DEMO_FILES = {
  session: 'examples/demo-session.json',
  spec: 'specs/example.json',
  repo: 'examples/robot-repo',
} as const;

export async function demo(options: ReplayOptions, deps: GenerateDependencies): Promise<GenerateOutcome> {
  const sessionFile = packageFile(DEMO_FILES.session);
  const recording = await readRecording(sessionFile);
  const spec = await loadSpec(packageFile(DEMO_FILES.spec));
  const target = resolveTargetPath(options.out, spec.targetPath, spec.file, spec.targetField);
  if (!options.dryRun && !options.force && (await fileExists(target))) {
    throw new UsageError(
      `${path.relative(process.cwd(), target) || target} already exists from an earlier demo; overwrite it with: npx writer demo --force (or: npm run demo -- --force)`,
    );
  }
  // Named from the working folder: the package's own folder in a clone, under node_modules once installed.
  const shown = (file: string): string => path.relative(process.cwd(), packageFile(file)) || '.';
  deps.emit({
    type: 'info',
    message: `demo: the model's replies are replayed from a recording (${shown(DEMO_FILES.session)}, scripted for this demo, not a live model): no API key, no network. The tools read ${shown(DEMO_FILES.repo)} live through --repo.`,
  });
  const outcome = await generate(configFromRecording(recording, { ...options, spec: spec.file, repo: packageFile(DEMO_FILES.repo) }), {
    ...deps,
    spec,
    model: new ReplayChatModel(recording.settings.model, recording.modelReplies, DEMO_FILES.session),
  });
  if (!outcome.error) {
    deps.emit({
      type: 'info',
      message: `demo done. With your own model: npx writer generate --spec ${shown(DEMO_FILES.spec)} --repo ${shown(DEMO_FILES.repo)} --model <name> (OPENAI_API_KEY, or --base-url for a local server)`,
    });
  }
  return outcome;
}
