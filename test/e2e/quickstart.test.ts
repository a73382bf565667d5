// The README's first shell block on a fresh clone: no key, no settings, no
// network. The working tree is copied (uncommitted work cannot be cloned) and
// the block's commands run in the copy as a new user would run them.

import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

/** The commands of the README's first ```sh block, continuation lines joined and comments dropped. */
async function firstShellBlock(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```sh block');
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

/** A fresh clone's files: the tracked ones and the new ones git does not ignore. */
async function copyWorkingTree(to: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    // Deleted but still tracked files are listed too.
    if (!(await stat(from).catch(() => undefined))?.isFile()) continue;
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(from, path.join(to, file));
  }
}

function sh(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string | undefined> = { ...process.env, CI: 'true' };
  for (const name of Object.keys(env)) if (/^(OPENAI_|GITLAB_)|^(SPEC_JSON_PATH|OUTPUT_DIR)$/.test(name)) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let clone: string;

beforeAll(async () => {
  clone = await mkdtemp(path.join(tmpdir(), 'writer-clone-'));
  await copyWorkingTree(clone);
  // `npm ci` would download every package again (slow, and the test must not need the
  // network): the clone borrows this checkout's node_modules instead, and the install
  // command of the block is skipped below. Everything else runs as written.
  await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(async () => {
  await rm(clone, { recursive: true, force: true });
});

describe('the quick start', () => {
  it("runs the README's first block on a fresh clone: a suite under generated/, replayed model replies", async () => {
    const commands = await firstShellBlock();
    expect(commands[0]).toMatch(/^npm (ci|install)\b/);
    const rest = commands.filter((command) => !/^npm (ci|install)\b/.test(command));
    expect(rest.join('\n')).toMatch(/\bdemo\b/);
    expect(await stat(path.join(clone, 'dist')).catch(() => undefined)).toBeUndefined();

    let output = '';
    for (const command of rest) {
      const run = await sh(command, clone);
      output += run.output;
      expect(run.code, `${command}\n${run.output}`).toBe(0);
    }
    expect(output).toContain("the model's replies are replayed from a recording");
    const suite = await readFile(path.join(clone, 'generated/tests/orders/cancel_order.robot'), 'utf8');
    expect(suite).toMatch(/^\*\*\* Settings \*\*\*/);
    expect(suite).toContain('[Tags]    ORDER-002    orders');

    // A second run keeps the suite and says how to overwrite it.
    const again = await sh('node bin/writer.js demo', clone);
    expect(again.code).toBe(2);
    expect(again.output).toContain('already exists from an earlier demo; overwrite it with: npx writer demo --force');
  }, 120_000);
});
