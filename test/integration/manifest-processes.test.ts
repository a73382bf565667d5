// Two processes recording into one manifest at the same time, as parallel CI
// jobs writing into one folder do: every entry of both survives.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const WRITER = path.join(ROOT, 'test/fixtures/manifest-writer.ts');
const ENTRIES_PER_PROCESS = 40;

let out: string;

beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'writer-manifest-processes-'));
});

afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

function record(prefix: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, out, prefix, String(ENTRIES_PER_PROCESS)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

it('loses no entry when two processes record into one manifest at once', async () => {
  const runs = await Promise.all([record('first'), record('second')]);
  for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
  const suites = JSON.parse(await readFile(path.join(out, '.writer/manifest.json'), 'utf8')).suites as Record<string, unknown>;
  expect(Object.keys(suites)).toHaveLength(2 * ENTRIES_PER_PROCESS);
  for (const prefix of ['first', 'second']) {
    for (let index = 0; index < ENTRIES_PER_PROCESS; index += 1) expect(suites).toHaveProperty([`tests/${prefix}/${index}.robot`]);
  }
});
