// Keeps a finished suite: written atomically into the output folder, then
// recorded in the manifest. A manifest that cannot be updated is said, not a
// reason to fail a run whose suite is on disk: the next --changed-only run
// then updates that suite instead of skipping it.

import type { GenerateConfig } from '../config/resolve-config.js';
import { errorLine } from '../errors.js';
import type { EventSink } from '../loop/events.js';
import { manifestEntry, type ManifestEntry, type SuiteManifest } from '../output/manifest.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { LoadedSpec } from '../spec/load-spec.js';

export interface SuiteTarget {
  loaded: LoadedSpec;
  outputFile: string;
}

export async function saveSuite(
  config: GenerateConfig,
  target: SuiteTarget,
  suite: string,
  how: { write: boolean; overwrite: boolean },
  manifest: SuiteManifest,
  emit: EventSink,
): Promise<void> {
  if (config.dryRun) return;
  if (how.write) await writeFileAtomic(target.outputFile, suite, { overwrite: how.overwrite, root: config.out });
  const entry = manifestEntry({
    outDir: config.out,
    outputFile: target.outputFile,
    specFile: target.loaded.file,
    spec: target.loaded.spec,
    suite,
    model: config.model.name,
  });
  await recordEntry(manifest, entry, emit);
}

export async function recordEntry(manifest: SuiteManifest, entry: ManifestEntry, emit: EventSink): Promise<void> {
  await manifest.record(entry).catch((failure: unknown) => {
    emit({ type: 'notice', message: `${manifest.file} was not updated: ${errorLine(failure)}` });
  });
}
