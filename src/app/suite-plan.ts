// What a generation does with its target, decided from the disk and the
// manifest before any connection is made: write a new suite, update the one
// there, or skip it because it is up to date (--changed-only).

import { readFile, stat } from 'node:fs/promises';
import type { GenerateConfig } from '../config/resolve-config.js';
import { UsageError } from '../errors.js';
import { sha256, specHash, targetKey, type ManifestEntry, type SuiteManifest } from '../output/manifest.js';
import { fileExists } from '../output/write-atomic.js';
import type { LoadedSpec } from '../spec/load-spec.js';

export type TargetPlan =
  /** A new suite; it replaces one on disk only with --force. */
  | { action: 'new' }
  /** Change the suite in place: the text on disk, or undefined to look for it in the repository. */
  | { action: 'update'; onDisk: string | undefined }
  /** Up to date: the spec hashes as recorded and the suite as written. */
  | { action: 'skip'; entry: ManifestEntry };

export async function planTarget(
  config: GenerateConfig,
  loaded: LoadedSpec,
  outputFile: string,
  manifest: SuiteManifest,
): Promise<TargetPlan> {
  if (!config.changedOnly && !config.update) {
    if (!config.dryRun && !config.force && (await fileExists(outputFile))) throw alreadyExists(outputFile);
    return { action: 'new' };
  }
  const onDisk = await readSuiteOnDisk(outputFile);
  if (onDisk === undefined) return config.update ? { action: 'update', onDisk: undefined } : { action: 'new' };
  const entry = manifest.entry(targetKey(config.out, outputFile));
  if (config.changedOnly && entry && entry.suiteHash === sha256(onDisk) && entry.specHash === specHash(loaded.spec)) {
    return { action: 'skip', entry };
  }
  // --changed-only updates what is not up to date: a suite edited since it was written keeps its edits.
  if (config.force) return { action: 'new' };
  return { action: 'update', onDisk: onDisk.toString('utf8') };
}

/** The bytes of the suite in the output folder, or undefined when there is none. */
export async function readSuiteOnDisk(file: string): Promise<Buffer | undefined> {
  try {
    // Checked first: reading a FIFO or a device would wait forever.
    if (!(await stat(file)).isFile()) throw new UsageError(`${file} is in the way of the suite: it is not a regular file`);
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function alreadyExists(outputFile: string): UsageError {
  return new UsageError(`${outputFile} already exists; use --force to overwrite it, or --update to change it in place`);
}
