// One empty config folder for every run of the CLI in the tests (XDG_CONFIG_HOME), so
// that no run reads or writes the sign-ins of the real user. Made once for the whole
// test run and removed when it ends: the test workers cannot clean up after themselves.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The config folder the CLI runs of the tests get: inject('configHome'). */
    configHome: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(path.join(tmpdir(), 'writer-config-home-'));
  project.provide('configHome', folder);
  return () => rm(folder, { recursive: true, force: true });
}
