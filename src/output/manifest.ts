// The manifest of an output folder, <out>/.writer/manifest.json: for every suite
// writer wrote there, its spec and the hashes that tell whether the spec or the
// suite changed since. Each change re-reads the file under a lock and merges, so
// writers in several processes lose no entry; in one process changes queue.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { canonicalJson } from '../loop/canonical-json.js';
import { packageManifest } from '../package-files.js';
import { describeErrors, lazySchema } from '../schema-validator.js';
import { withFileLock, type LockOptions } from './file-lock.js';
import { writeFileAtomic } from './write-atomic.js';

export const MANIFEST_FORMAT = 'writer-manifest/1';
/** Inside the output folder, so that it travels with the suites (CI artifacts, a commit). */
export const MANIFEST_PATH = '.writer/manifest.json';

export interface ManifestEntry {
  /** The suite, relative to the output folder with POSIX separators: the key of the entry. */
  target: string;
  /** The spec file, relative to the working folder writer ran in. */
  spec: string;
  specId: string | number | null;
  /** sha256 of the spec's canonical JSON (keys sorted, no whitespace): reformatting a spec is not a change. */
  specHash: string;
  /** sha256 of the suite's bytes as writer wrote them (or found them, when an update changed nothing). */
  suiteHash: string;
  model: string;
  /** writer's version. */
  writer: string;
  /** When the entry was recorded, ISO 8601. */
  date: string;
}

type StoredEntry = Omit<ManifestEntry, 'target'>;

interface ManifestFile {
  format: typeof MANIFEST_FORMAT;
  suites: Record<string, StoredEntry>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function specHash(spec: unknown): string {
  return sha256(canonicalJson(spec));
}

/** The manifest key of a suite: its path inside the output folder, with POSIX separators. */
export function targetKey(outDir: string, outputFile: string): string {
  return path.relative(path.resolve(outDir), outputFile).split(path.sep).join('/');
}

/** How the manifest names a spec file: relative to the working folder, with POSIX separators. */
export function specPathOf(specFile: string): string {
  return path.relative(process.cwd(), path.resolve(specFile)).split(path.sep).join('/');
}

/** The entry of a suite just written (or confirmed), for a spec file and a model. */
export function manifestEntry(input: {
  outDir: string;
  outputFile: string;
  specFile: string;
  spec: { id?: string | number };
  suite: string | Uint8Array;
  model: string;
}): ManifestEntry {
  return {
    target: targetKey(input.outDir, input.outputFile),
    spec: specPathOf(input.specFile),
    specId: input.spec.id ?? null,
    specHash: specHash(input.spec),
    suiteHash: sha256(input.suite),
    model: input.model,
    writer: packageManifest().version,
    date: new Date().toISOString(),
  };
}

const manifestValidator = lazySchema('schemas/manifest.schema.json');

export class SuiteManifest {
  /** Changes of this process, one after the other: the lock guards against other processes only. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly outDir: string,
    readonly file: string,
    private entries: Map<string, ManifestEntry>,
    private readonly lock: LockOptions,
  ) {}

  /** Reads the manifest of `outDir`; a folder without one has an empty manifest. */
  static async open(outDir: string, lock: LockOptions = {}): Promise<SuiteManifest> {
    const file = path.join(outDir, MANIFEST_PATH);
    return new SuiteManifest(outDir, file, toEntries(await readManifest(file)), lock);
  }

  entry(target: string): ManifestEntry | undefined {
    return this.entries.get(target);
  }

  /** Every entry, as of the last read or change (changes re-read what other writers recorded). */
  list(): ManifestEntry[] {
    return [...this.entries.values()];
  }

  record(entry: ManifestEntry): Promise<void> {
    return this.change((suites) => {
      const { target, ...stored } = entry;
      suites[target] = stored;
    });
  }

  forget(targets: readonly string[]): Promise<void> {
    return this.change((suites) => {
      for (const target of targets) delete suites[target];
    });
  }

  /** Re-reads the file, for what other writers recorded since it was opened. */
  async reload(): Promise<void> {
    await this.queue;
    this.entries = toEntries(await readManifest(this.file));
  }

  private change(apply: (suites: Record<string, StoredEntry>) => void): Promise<void> {
    const run = this.queue.then(() =>
      withFileLock(
        `${this.file}.lock`,
        async () => {
          const current = await readManifest(this.file);
          apply(current.suites);
          // Sorted, so the file diffs well when a team commits it.
          const suites = Object.fromEntries(Object.entries(current.suites).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
          await writeFileAtomic(this.file, JSON.stringify({ format: MANIFEST_FORMAT, suites }, null, 2) + '\n', {
            overwrite: true,
            root: this.outDir,
          });
          this.entries = toEntries({ format: MANIFEST_FORMAT, suites });
        },
        this.lock,
      ),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function readManifest(file: string): Promise<ManifestFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { format: MANIFEST_FORMAT, suites: {} };
    throw new UsageError(`${file}: cannot read the manifest (${code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: the manifest is not valid JSON (${(error as Error).message}); delete it to start a new one`);
  }
  const validator = manifestValidator();
  if (!validator(value)) {
    throw new UsageError(`${file}: not a writer manifest: ${describeErrors(validator.errors ?? [])}; delete it to start a new one`);
  }
  return value as ManifestFile;
}

function toEntries(file: ManifestFile): Map<string, ManifestEntry> {
  return new Map(Object.entries(file.suites).map(([target, stored]) => [target, { target, ...stored }]));
}
