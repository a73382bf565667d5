// Suites whose spec went away: manifest entries whose spec file no longer
// exists, or no longer writes that suite. Listed at the end of a batch; with
// --prune deleted, but only when unchanged since writer wrote them.

import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { GenerateConfig } from '../config/resolve-config.js';
import { sha256, targetKey, SuiteManifest, type ManifestEntry } from '../output/manifest.js';
import { fileExists } from '../output/write-atomic.js';
import { loadSpec } from '../spec/load-spec.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { readSuiteOnDisk } from './suite-plan.js';

export interface Orphan {
  /** The suite, relative to the output folder. */
  target: string;
  spec: string;
  specId: string | number | null;
  reason: 'spec-missing' | 'spec-retargeted';
  /** What became of it: only listed, deleted (--prune), kept because edited since written, or found already gone. */
  action: 'listed' | 'deleted' | 'kept-edited' | 'already-gone';
}

/**
 * The orphans of the output folder's manifest, read afresh so that entries other
 * writers recorded count. A target that a spec of `specFiles` writes is never an
 * orphan, whatever its entry says (the spec may have been moved or renamed).
 */
export async function settleOrphans(config: GenerateConfig, specFiles: readonly string[]): Promise<Orphan[]> {
  const manifest = await SuiteManifest.open(config.out);
  const claimed = new Set(await Promise.all(specFiles.map((file) => targetOf(config, file))));
  const orphans: Orphan[] = [];
  for (const entry of manifest.list()) {
    if (claimed.has(entry.target) || !insideOut(config, entry.target)) continue;
    const reason = await orphanReason(config, entry);
    if (reason) orphans.push({ target: entry.target, spec: entry.spec, specId: entry.specId, reason, action: 'listed' });
  }
  if (!config.prune || config.dryRun || !orphans.length) return orphans;
  for (const orphan of orphans) orphan.action = await prune(config, manifest.entry(orphan.target) as ManifestEntry);
  await manifest.forget(orphans.filter((orphan) => orphan.action !== 'kept-edited').map((orphan) => orphan.target));
  return orphans;
}

async function orphanReason(config: GenerateConfig, entry: ManifestEntry): Promise<Orphan['reason'] | undefined> {
  if (!(await fileExists(path.resolve(entry.spec)))) return 'spec-missing';
  const target = await targetOf(config, entry.spec);
  // A spec that cannot be read now says nothing about where its suite goes.
  return target !== undefined && target !== entry.target ? 'spec-retargeted' : undefined;
}

async function prune(config: GenerateConfig, entry: ManifestEntry): Promise<Orphan['action']> {
  const file = path.resolve(config.out, entry.target);
  const bytes = await readSuiteOnDisk(file);
  if (bytes === undefined) return 'already-gone';
  if (sha256(bytes) !== entry.suiteHash) return 'kept-edited';
  try {
    await unlink(file);
  } catch (error) {
    // Another writer pruning the same folder (a parallel shard) got there first.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'already-gone';
    throw error;
  }
  return 'deleted';
}

async function targetOf(config: GenerateConfig, specFile: string): Promise<string | undefined> {
  try {
    const loaded = await loadSpec(specFile);
    return targetKey(config.out, resolveTargetPath(config.out, loaded.targetPath, specFile));
  } catch {
    return undefined;
  }
}

/** A manifest is a file anyone can edit: an entry pointing out of the output folder is never touched. */
function insideOut(config: GenerateConfig, target: string): boolean {
  try {
    resolveTargetPath(config.out, target, 'the manifest');
    return true;
  } catch {
    return false;
  }
}
