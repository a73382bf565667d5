// Writes a file so that readers only ever see the old file or the whole new
// one: a temporary file beside the target, then a rename. Without `overwrite`
// an existing file is never replaced, not even by a race with another writer.
// With `root`, the file must land inside that folder on disk, links followed.

import { randomBytes } from 'node:crypto';
import { access, link, mkdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export interface WriteOptions {
  overwrite: boolean;
  /** A folder the file may not leave, even through a symbolic link inside it. */
  root?: string;
}

export async function writeFileAtomic(file: string, content: string, options: WriteOptions): Promise<void> {
  const folder = path.dirname(file);
  // Checked before mkdir too, which would otherwise create folders through the link.
  if (options.root) await ensureInside(options.root, () => deepestExisting(folder), file);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of its folder' : (code ?? (error as Error).message);
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
  if (options.root) await ensureInside(options.root, async () => folder, file);
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    if (options.overwrite) {
      await rename(temporary, file);
      return;
    }
    // link() fails when the target exists, which rename() would silently replace.
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file} already exists; use --force to overwrite it`);
    }
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    // Gone after a rename; left behind by a failed or linked write, never shipped half-written.
    await unlink(temporary).catch(() => undefined);
  }
}

async function deepestExisting(folder: string): Promise<string> {
  let current = path.resolve(folder);
  while (!(await fileExists(current))) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

async function ensureInside(root: string, folder: () => Promise<string>, file: string): Promise<void> {
  // The output folder may not exist yet: it is then checked as its nearest existing parent. The root is
  // looked up first: the specs of a batch create folders meanwhile, so the folder's nearest existing
  // parent, looked up after, is never above the root's.
  const realRoot = await realpath(await deepestExisting(root));
  const realFolder = await realpath(await folder());
  if (realFolder !== realRoot && !realFolder.startsWith(realRoot + path.sep)) {
    throw new UsageError(`${file} would be written outside the output folder ${root} (through a symbolic link)`);
  }
}
