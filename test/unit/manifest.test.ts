import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/output/file-lock.js';
import { MANIFEST_PATH, SuiteManifest, manifestEntry, specHash, type ManifestEntry } from '../../src/output/manifest.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'writer-manifest-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(target: string, extra: Partial<ManifestEntry> = {}): ManifestEntry {
  return {
    target,
    spec: `specs/${path.basename(target, '.robot')}.json`,
    specId: null,
    specHash: '0'.repeat(64),
    suiteHash: 'f'.repeat(64),
    model: 'gpt-test',
    writer: '0.0.0',
    date: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('manifest entries', () => {
  it('hash the spec as canonical JSON, so key order and layout are no change, and the suite as its bytes', () => {
    expect(specHash({ id: 'A-1', steps: ['x'], rf: { target_path: 'a.robot' } })).toBe(
      specHash({ rf: { target_path: 'a.robot' }, steps: ['x'], id: 'A-1' }),
    );
    expect(specHash({ id: 'A-1', steps: ['x'] })).not.toBe(specHash({ id: 'A-1', steps: ['y'] }));
    const made = manifestEntry({
      outDir: dir,
      outputFile: path.join(dir, 'tests', 'a.robot'),
      specFile: path.join(process.cwd(), 'specs', 'a.json'),
      spec: { id: 'A-1' },
      suite: '*** Test Cases ***\n',
      model: 'gpt-test',
    });
    expect(made).toMatchObject({ target: 'tests/a.robot', spec: 'specs/a.json', specId: 'A-1', model: 'gpt-test' });
    expect(made.suiteHash).toBe(createHash('sha256').update('*** Test Cases ***\n').digest('hex'));
    expect(made.writer).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('SuiteManifest', () => {
  it('starts empty without a file, writes entries sorted by target, and reads them back', async () => {
    const manifest = await SuiteManifest.open(dir);
    expect(manifest.list()).toEqual([]);
    await Promise.all([manifest.record(entry('tests/b.robot')), manifest.record(entry('tests/a.robot'))]);
    const text = await readFile(path.join(dir, MANIFEST_PATH), 'utf8');
    expect(Object.keys(JSON.parse(text).suites)).toEqual(['tests/a.robot', 'tests/b.robot']);
    expect(JSON.parse(text).format).toBe('writer-manifest/1');
    expect((await SuiteManifest.open(dir)).entry('tests/a.robot')).toEqual(entry('tests/a.robot'));
    await manifest.forget(['tests/a.robot']);
    expect((await SuiteManifest.open(dir)).list().map((item) => item.target)).toEqual(['tests/b.robot']);
    // No lock file is left behind.
    await expect(stat(path.join(dir, `${MANIFEST_PATH}.lock`))).rejects.toThrow();
  });

  it('merges what other writers recorded instead of overwriting it', async () => {
    // Separate instances share nothing in memory, as separate processes would.
    const writers = await Promise.all(Array.from({ length: 5 }, () => SuiteManifest.open(dir)));
    await Promise.all(writers.flatMap((writer, w) => Array.from({ length: 8 }, (_, i) => writer.record(entry(`tests/w${w}-${i}.robot`)))));
    expect((await SuiteManifest.open(dir)).list()).toHaveLength(40);
  });

  it('refuses a file that is not a manifest with one line naming it', async () => {
    await mkdir(path.join(dir, '.writer'));
    await writeFile(
      path.join(dir, MANIFEST_PATH),
      JSON.stringify({ format: 'writer-manifest/1', suites: { 'a.robot': { spec: 'a.json' } } }),
    );
    await expect(SuiteManifest.open(dir)).rejects.toThrow(
      /manifest\.json: not a writer manifest: \/suites\/a\.robot must have required property 'specId'.*; delete it to start a new one$/,
    );
    await writeFile(path.join(dir, MANIFEST_PATH), JSON.stringify({ format: 'writer-manifest/9', suites: {} }));
    await expect(SuiteManifest.open(dir)).rejects.toThrow(/\/format must be equal to constant/);
  });
});

describe('withFileLock', () => {
  const lock = (): string => path.join(dir, 'shared.json.lock');

  it('runs one holder at a time and removes the lock after each', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withFileLock(lock(), async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    await expect(stat(lock())).rejects.toThrow();
  });

  it('takes over a lock whose holder died on this machine, or that is older than any holder takes', async () => {
    // A pid far above any pid_max: no such process.
    await writeFile(lock(), JSON.stringify({ pid: 2 ** 30, host: hostname(), token: 'dead', at: Date.now() }));
    await expect(withFileLock(lock(), async () => 'ran', { waitMs: 1_000 })).resolves.toBe('ran');

    await writeFile(lock(), JSON.stringify({ pid: 1, host: 'another-runner', token: 'old', at: Date.now() - 60_000 }));
    await expect(withFileLock(lock(), async () => 'ran', { waitMs: 1_000 })).resolves.toBe('ran');

    // Empty (its holder died between creating and writing it): judged by its age.
    await writeFile(lock(), '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock(), old, old);
    await expect(withFileLock(lock(), async () => 'ran', { waitMs: 1_000 })).resolves.toBe('ran');
  });

  it('waits for a live holder and then says who holds the lock', async () => {
    await writeFile(lock(), JSON.stringify({ pid: process.pid, host: hostname(), token: 'live', at: Date.now() }));
    await expect(withFileLock(lock(), async () => 'ran', { waitMs: 150 })).rejects.toThrow(
      `${lock()} is held by process ${process.pid} on ${hostname()}; remove it if no writer is running`,
    );
    expect(JSON.parse(await readFile(lock(), 'utf8')).token).toBe('live');
  });
});
