// Reads the files writer takes as input (specs, settings, recordings, suites to
// lint and their resources): regular files only, so that a FIFO or a device can
// neither block a run nor flood it, and never more bytes than the caller allows.

import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Read in pieces, so a file that grows while it is read still stops at the bound. */
const CHUNK_BYTES = 64 * 1024;

/** Why an input file was not read, in words for an error line; `code` tells callers apart (ENOENT, ENOTREG, EFBIG...). */
export class InputFileError extends Error {
  constructor(
    readonly reason: string,
    readonly code: string,
  ) {
    super(reason);
  }
}

/** The text of `file`, refused unless it is a regular file of at most `maxBytes` bytes. */
export async function readRegularFile(file: string, maxBytes: number): Promise<string> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO that nobody writes to would otherwise wait forever.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fromErrno(error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw info.isDirectory()
        ? new InputFileError('is a directory', 'EISDIR')
        : new InputFileError(`not a regular file (${specialKind(info)})`, 'ENOTREG');
    }
    if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    return await readBounded(handle, maxBytes);
  } catch (error) {
    throw error instanceof InputFileError ? error : fromErrno(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readBounded(handle: FileHandle, maxBytes: number): Promise<string> {
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const piece = Buffer.alloc(CHUNK_BYTES);
    const { bytesRead } = await handle.read(piece, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    // Files of /proc and the like report size 0 and may hold anything: the bound holds while reading too.
    if (total > maxBytes) throw tooLarge(total, maxBytes, 'at least ');
    pieces.push(piece.subarray(0, bytesRead));
  }
  return Buffer.concat(pieces, total).toString('utf8');
}

function tooLarge(size: number, maxBytes: number, qualifier = ''): InputFileError {
  return new InputFileError(`too large: ${qualifier}${size} bytes, more than the ${maxBytes} read`, 'EFBIG');
}

/** What a special file is, for a message. */
export function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

function fromErrno(error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  return new InputFileError(ERRNO_REASONS[code] ?? code, code);
}
