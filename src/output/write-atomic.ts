// Writes a file so that readers only ever see the old file or the whole new
// one: a temporary file beside the target, then a rename. Without `overwrite`
// an existing file is never replaced, not even by a race with another writer.
// With `root`, the file must land inside that folder on disk, links followed.
// Only regular files are replaced: a character device (/dev/null) is written
// directly, and anything else that is not a regular file is refused.

import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { access, link, mkdir, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { specialKind } from '../read-regular-file.js';

/** Longest file or folder name, in bytes, of Linux file systems (ext4, xfs, btrfs, tmpfs) and macOS's APFS. */
const MAX_NAME_BYTES = 255;
/** What the temporary name adds to the target's: a dot, a dot and 12 hex digits, `.tmp`. */
const TEMPORARY_SUFFIX_BYTES = 18;

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
  /** Permissions of the new file, e.g. 0o600 for credentials; set when it is created, so no reader sees it wider. */
  mode?: number;
}

/**
 * Refuses, before any work is spent on it, a path that can never be written: a
 * folder, a FIFO, a socket or a block device in its place, a file in the way of
 * its folder, or a name longer than file systems take.
 */
export async function assertWritablePath(file: string): Promise<void> {
  const long = path
    .resolve(file)
    .split(path.sep)
    .find((name) => Buffer.byteLength(name) > MAX_NAME_BYTES);
  if (long !== undefined) {
    throw new UsageError(
      `cannot write ${file}: a name of ${Buffer.byteLength(long)} bytes is longer than file systems take (${MAX_NAME_BYTES})`,
    );
  }
  if (await assertNotSpecial(file)) return;
  const ancestor = await deepestExisting(path.dirname(file));
  if (!(await statOrUndefined(ancestor))?.isDirectory()) throw new UsageError(`cannot write ${file}: a file is in the way of its folder`);
}

/** Refuses a folder, a FIFO, a socket or a block device at `file`; says whether anything is there. */
export async function assertNotSpecial(file: string): Promise<boolean> {
  const info = await statOrUndefined(file);
  if (info !== undefined) refuseSpecial(file, info);
  return info !== undefined;
}

export async function writeFileAtomic(file: string, content: string, options: WriteOptions): Promise<void> {
  const folder = path.dirname(file);
  // Checked before mkdir too, which would otherwise create folders through the link.
  if (options.root) await ensureInside(options.root, () => deepestExisting(folder), file);
  const existing = await statOrUndefined(file);
  if (existing !== undefined && !existing.isFile()) {
    refuseSpecial(file, existing);
    // A device node is written to, never renamed over: replacing /dev/null breaks the whole machine.
    if (!options.overwrite) throw new UsageError(`${file} already exists; use --force to overwrite it`);
    await writeFile(file, content, { encoding: 'utf8', flag: 'w' }).catch((error: unknown) => {
      throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    });
    return;
  }
  await makeFolders(folder, file);
  if (options.root) await ensureInside(options.root, () => Promise.resolve(folder), file);
  const temporary = path.join(folder, temporaryName(path.basename(file)));
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx', ...(options.mode !== undefined ? { mode: options.mode } : {}) });
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

/** Character devices are written directly; folders, FIFOs, sockets and block devices never. */
function refuseSpecial(file: string, info: Stats): void {
  if (info.isFile() || info.isCharacterDevice()) return;
  throw new UsageError(`cannot write ${file}: it is ${specialKind(info)}, not a regular file`);
}

/**
 * One folder at a time from the deepest existing one: mkdir's recursive mode
 * loops forever where a folder exists but refuses children, as in /proc.
 */
async function makeFolders(folder: string, file: string): Promise<void> {
  const existing = await deepestExisting(folder);
  const missing = path.relative(existing, path.resolve(folder)).split(path.sep).filter(Boolean);
  let current = existing;
  for (const name of missing) {
    current = path.join(current, name);
    try {
      await mkdir(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await statOrUndefined(current))?.isDirectory()) continue;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of its folder' : (code ?? (error as Error).message);
      throw new UsageError(`cannot write ${file}: ${why}`);
    }
  }
  if (!missing.length && !(await statOrUndefined(existing))?.isDirectory()) {
    throw new UsageError(`cannot write ${file}: a file is in the way of its folder`);
  }
}

/** `.name.<hex>.tmp`, with the name cut so that the temporary file's own name is never too long. */
function temporaryName(base: string): string {
  let kept = base;
  while (Buffer.byteLength(kept) + TEMPORARY_SUFFIX_BYTES > MAX_NAME_BYTES) kept = kept.slice(0, -1);
  return `.${kept}.${randomBytes(6).toString('hex')}.tmp`;
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
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
