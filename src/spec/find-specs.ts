// Expands --spec arguments (files, folders, globs) into the sorted list of
// spec files a batch processes. Globs are expanded here, not by the shell, so
// CI jobs can quote them and SPEC_JSON_PATH can hold one.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';

export interface FoundSpecs {
  files: string[];
  /** Whether the arguments name a batch (several files, a folder or a glob) rather than one file. */
  batch: boolean;
}

export async function findSpecs(patterns: readonly string[], cwd = process.cwd()): Promise<FoundSpecs> {
  const files = new Set<string>();
  let batch = patterns.length > 1;
  for (const pattern of patterns) {
    const kind = await kindOf(path.resolve(cwd, pattern));
    // An existing file is a file even when its name has glob characters ([, {, *).
    if (kind === 'file' || (kind === 'missing' && !isDynamicPattern(pattern))) {
      // A plain path that does not exist is still a spec: reading it says what is wrong.
      files.add(pattern);
      continue;
    }
    batch = true;
    const matches =
      kind === 'directory'
        ? await glob('**/*.json', { cwd: path.resolve(cwd, pattern), onlyFiles: true }).then((found) =>
            found.map((file) => path.join(pattern, file)),
          )
        : await glob(pattern, { cwd, onlyFiles: true });
    if (!matches.length) {
      throw new UsageError(
        kind === 'directory' ? `--spec ${pattern}: the folder holds no .json spec` : `--spec ${pattern}: no file matches it`,
      );
    }
    for (const match of matches) files.add(match);
  }
  // Sorted by code point, so every shard of a CI job sees the same order.
  return { files: [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), batch };
}

async function kindOf(target: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    const info = await stat(target);
    return info.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
