// Reading and writing files that are not regular files (issue 18): a FIFO never
// blocks a read, a device is written to and never replaced, and what can never
// be written is refused before any work. FIFOs and devices are made in a
// temporary folder with mkfifo and mknod; the machine's own /dev/null is only checked.

import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { assertWritablePath, writeFileAtomic } from '../../src/output/write-atomic.js';
import { InputFileError, readRegularFile } from '../../src/read-regular-file.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'writer-special-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterAll(async () => {
  expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
});

function fifo(name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

function nullDevice(name: string): string {
  const file = path.join(dir, name);
  execFileSync('mknod', [file, 'c', '1', '3']);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<InputFileError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputFileError);
  return error as InputFileError;
}

describe('readRegularFile', () => {
  it('reads a regular file within its bound', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFile(file, 'héllo');
    expect(await readRegularFile(file, 100)).toBe('héllo');
  });

  it('refuses a FIFO at once, without waiting for a writer', async () => {
    expect((await failure(readRegularFile(fifo('pipe'), 100))).message).toBe('not a regular file (a FIFO)');
  });

  it('refuses devices, folders, missing and oversized files, each with its reason', async () => {
    expect((await failure(readRegularFile(nullDevice('null'), 100))).message).toBe('not a regular file (a character device)');
    expect((await failure(readRegularFile('/dev/zero', 100))).message).toBe('not a regular file (a character device)');
    expect((await failure(readRegularFile(dir, 100))).message).toBe('is a directory');
    expect(await failure(readRegularFile(path.join(dir, 'gone'), 100))).toMatchObject({ message: 'no such file', code: 'ENOENT' });
    const big = path.join(dir, 'big.txt');
    await writeFile(big, 'x'.repeat(101));
    expect((await failure(readRegularFile(big, 100))).message).toBe('too large: 101 bytes, more than the 100 read');
  });

  it('stops at its bound on a file that claims to be empty', async () => {
    // Files of /proc report size 0; their content is read, but never past the bound.
    expect((await failure(readRegularFile('/proc/self/maps', 10))).message).toMatch(
      /^too large: at least \d+ bytes, more than the 10 read$/,
    );
  });
});

describe('writeFileAtomic', () => {
  it('writes into a character device directly and leaves the device node in place', async () => {
    const device = nullDevice('null');
    await writeFileAtomic(device, 'report', { overwrite: true });
    expect((await lstat(device)).isCharacterDevice()).toBe(true);
    await expect(writeFileAtomic(device, 'report', { overwrite: false })).rejects.toThrow(
      `${device} already exists; use --force to overwrite it`,
    );
  });

  it('refuses a FIFO and a folder, and leaves them as they are', async () => {
    const pipe = fifo('pipe');
    await expect(writeFileAtomic(pipe, 'x', { overwrite: true })).rejects.toThrow(`cannot write ${pipe}: it is a FIFO, not a regular file`);
    await expect(writeFileAtomic(dir, 'x', { overwrite: true })).rejects.toThrow(
      `cannot write ${dir}: it is a directory, not a regular file`,
    );
    expect((await lstat(pipe)).isFIFO()).toBe(true);
  });

  it('makes missing folders one by one, and fails where the system refuses one instead of looping', async () => {
    const file = path.join(dir, 'a/b/c.robot');
    await writeFileAtomic(file, 'suite', { overwrite: false });
    expect(await readFile(file, 'utf8')).toBe('suite');
    await expect(writeFileAtomic('/proc/self/writer-test/x.robot', 'x', { overwrite: true })).rejects.toThrow(
      'cannot write /proc/self/writer-test/x.robot: ENOENT',
    );
  });

  it('writes a name as long as file systems take, its temporary name cut to fit', async () => {
    const file = path.join(dir, `${'n'.repeat(249)}.robot`);
    await writeFileAtomic(file, 'suite', { overwrite: false });
    expect(await readFile(file, 'utf8')).toBe('suite');
  });
});

describe('assertWritablePath', () => {
  it('accepts new files, regular files and character devices', async () => {
    await assertWritablePath(path.join(dir, 'new/folder/a.robot'));
    await writeFile(path.join(dir, 'old.robot'), 'x');
    await assertWritablePath(path.join(dir, 'old.robot'));
    await assertWritablePath(nullDevice('null'));
  });

  it('refuses folders, FIFOs, names too long and files in the way of a folder', async () => {
    await mkdir(path.join(dir, 'folder.robot'));
    await writeFile(path.join(dir, 'blocker'), 'x');
    const refused: Array<[string, string]> = [
      [path.join(dir, 'folder.robot'), 'it is a directory, not a regular file'],
      [fifo('pipe'), 'it is a FIFO, not a regular file'],
      [path.join(dir, `${'n'.repeat(250)}.robot`), 'a name of 256 bytes is longer than file systems take (255)'],
      [path.join(dir, 'blocker/a.robot'), 'a file is in the way of its folder'],
    ];
    for (const [file, why] of refused) {
      const error = await assertWritablePath(file).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, file).toBeInstanceOf(UsageError);
      expect((error as Error).message, file).toBe(`cannot write ${file}: ${why}`);
    }
  });
});
