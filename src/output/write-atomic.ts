// Writes a file so that readers only ever see the old file or the whole new
// one: a temporary file beside the target, then a rename. Without `overwrite`
// an existing file is never replaced, not even by a race with another writer.

import { randomBytes } from 'node:crypto';
import { access, link, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
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

export async function writeFileAtomic(file: string, content: string, options: { overwrite: boolean }): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
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
    await unlink(temporary).catch(() => undefined);
  }
}
