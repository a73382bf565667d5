// Where the field's tools see a suite: in a temporary workspace that mirrors the files a
// generation read (the suite at its target path, its resources, library and variable files,
// the lint configuration), or in place on disk for lint. Either way their caches stay out of the
// repository and are removed when the run ends.

import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { CheckedSuite } from '../robot/external-checks.js';

export interface PlacedSuite {
  /** Where the tool runs. */
  cwd: string;
  /** The project root to give the tool, when it must not look for one itself. */
  root?: string;
  /** The absolute path the tool sees for a path as the checks name it. */
  locate(file: string): string;
}

export interface SuitePlacement {
  /** Puts the suite and what it brings in where a tool can read them, with any extra files. */
  place(suite: CheckedSuite, extra?: ReadonlyArray<{ path: string; text: string }>): Promise<PlacedSuite>;
  /** A folder of the run's own, for caches and reports. */
  readonly scratch: string;
  /** Removes what the run wrote. */
  close(): void;
}

/** The run's temporary folder, made when a tool first needs it. */
class Scratch {
  private folder: string | undefined;

  get path(): string {
    this.folder ??= mkdtempSync(path.join(os.tmpdir(), 'writer-checks-'));
    return this.folder;
  }

  remove(): void {
    if (this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}

/** A generation's files mirrored into one workspace per run (a batch's suites sit side by side). */
export class MirroredPlacement implements SuitePlacement {
  private readonly folder = new Scratch();

  get scratch(): string {
    return this.folder.path;
  }

  private get root(): string {
    return path.join(this.folder.path, 'repository');
  }

  async place(suite: CheckedSuite, extra: ReadonlyArray<{ path: string; text: string }> = []): Promise<PlacedSuite> {
    const others = await Promise.all(
      [...suite.resources.map((resource) => resource.path), ...suite.libraryFiles, ...suite.variableFiles].map(async (file) => ({
        path: file,
        text: await suite.readFile(file),
      })),
    );
    const files = [{ path: suite.path, text: suite.text }, ...others, ...extra];
    await Promise.all(
      files.map(async ({ path: file, text }) => {
        if (text === undefined) return;
        const target = this.locate(file);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, text, 'utf8');
      }),
    );
    // The workspace is the project: nothing above it in the temporary folder counts.
    return { cwd: this.root, root: this.root, locate: (file) => this.locate(file) };
  }

  /** Repository paths keep their place under the workspace root, `..` included. */
  private locate(file: string): string {
    const inside = path.posix.normalize(`/${file}`).slice(1);
    return path.join(this.root, ...inside.split('/'));
  }

  close(): void {
    this.folder.remove();
  }
}

/** Lint's files where they are: the team's own configuration and modules around them. */
export class InPlacePlacement implements SuitePlacement {
  private readonly folder = new Scratch();

  get scratch(): string {
    return this.folder.path;
  }

  place(): Promise<PlacedSuite> {
    return Promise.resolve({ cwd: process.cwd(), locate: (file: string) => path.resolve(file) });
  }

  close(): void {
    this.folder.remove();
  }
}
