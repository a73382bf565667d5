// A lock file beside a shared file, so that writers in several processes (CI
// jobs writing into one folder) change it one at a time. It is created with
// O_EXCL and names its holder; a lock whose holder died is taken over.

import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.js';

/** A holder keeps the lock for one read and one write of a small file: a lock this old was left by a writer that died. */
export const STALE_LOCK_MS = 30_000;
/** Longer than any holder can take (STALE_LOCK_MS), so a CI job waits out a dead writer's lock instead of failing. */
export const LOCK_WAIT_MS = 45_000;
/** The first pause between attempts, doubled up to the longest; jittered so that waiting writers do not retry in step. */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

export interface LockOptions {
  staleMs?: number;
  waitMs?: number;
}

interface Holder {
  pid?: number;
  host?: string;
  token?: string;
  /** When it was taken: from the file, or its modification time when the holder had not written it yet. */
  at: number;
}

/** Runs `work` while holding `lockFile`, and releases it on every path out. */
export async function withFileLock<T>(lockFile: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquire(lockFile, options.staleMs ?? STALE_LOCK_MS, options.waitMs ?? LOCK_WAIT_MS);
  try {
    return await work();
  } finally {
    await release();
  }
}

async function acquire(lockFile: string, staleMs: number, waitMs: number): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + waitMs;
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    if (await create(lockFile, token)) return () => releaseIfOurs(lockFile, token);
    const holder = await readHolder(lockFile);
    if (holder === undefined) continue;
    if (isStale(holder, staleMs)) {
      await takeOver(lockFile, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder.pid === undefined ? 'another writer' : `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}`;
      throw new UsageError(`${lockFile} is held by ${who}; remove it if no writer is running`);
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** True when this call created the lock file; false when it exists. */
async function create(lockFile: string, token: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(`cannot create ${lockFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), token, at: Date.now() }));
  } finally {
    await handle.close();
  }
  return true;
}

/** The holder named in the lock file, or undefined when the file is gone. */
async function readHolder(lockFile: string): Promise<Holder | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(lockFile, 'utf8'), stat(lockFile)]);
    try {
      const holder = JSON.parse(text) as Holder;
      if (typeof holder.at === 'number') return holder;
    } catch {
      // Empty: its holder is between creating and writing it (or died right there).
    }
    return { at: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(holder: Holder, staleMs: number): boolean {
  if (Date.now() - holder.at > staleMs) return true;
  // On this machine a dead holder is known at once; another machine's is only known by age.
  return holder.host === hostname() && holder.pid !== undefined && !alive(holder.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside (a rename only one writer can win) and drops it.
 * A writer that judged the same lock stale may have replaced it meanwhile: a
 * live lock moved aside by mistake is linked back, which fails only when yet
 * another writer took the free lock in that instant.
 */
async function takeOver(lockFile: string, stale: Holder): Promise<void> {
  const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== undefined && (moved.token !== stale.token || moved.at !== stale.at)) {
    await link(aside, lockFile).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function releaseIfOurs(lockFile: string, token: string): Promise<void> {
  const holder = await readHolder(lockFile).catch(() => undefined);
  if (holder?.token === token) await unlink(lockFile).catch(() => undefined);
}
