// writer as a team gets it: `npm pack` of this checkout, installed into an
// empty project with npm, commands run there through a shell (npx, as typed).

import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, cliEnv } from './run-cli.js';

export interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: no writer settings of the host and none of the variables `npm test` sets for its scripts. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env = cliEnv();
  for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
  // npx must never fetch a package called writer from the registry (another one has that name): only the installed bin runs.
  return { ...env, npm_config_yes: 'false', ...extra };
}

export function sh(
  command: string,
  cwd: string,
  env: Record<string, string | undefined> = userEnv(),
  timeoutMs = 120_000,
): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Packed {
  /** The tarball's path. */
  tarball: string;
  /** Its files, relative to the package root. */
  files: string[];
  name: string;
  version: string;
}

/**
 * `npm pack` of this checkout into `dest`. The build ran before the tests (`npm test`); prepack's
 * rebuild is skipped so that no test writes dist/ while others run it.
 */
export async function packWriter(dest: string): Promise<Packed> {
  const run = await sh(`npm pack --ignore-scripts --json --pack-destination '${dest}'`, ROOT);
  if (run.code !== 0) throw new Error(`npm pack failed: ${run.stderr}`);
  const [report] = JSON.parse(run.stdout) as Array<{ filename: string; name: string; version: string; files: Array<{ path: string }> }>;
  if (!report) throw new Error(`npm pack reported nothing: ${run.stdout}`);
  return {
    tarball: path.join(dest, report.filename),
    files: report.files.map((file) => file.path).sort(),
    name: report.name,
    version: report.version,
  };
}

/**
 * A new project folder holding only a package.json, so npm installs there and
 * not into a folder above it. `--prefer-offline`: the packages come from npm's
 * cache, filled by `npm ci` of this checkout; the registry only for a miss.
 */
export async function installInto(project: string, tarball: string): Promise<ShellRun> {
  await mkdir(project, { recursive: true });
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'qa-robot-tests', private: true }, null, 2) + '\n');
  return sh(`npm install --save-dev --prefer-offline --no-audit --no-fund '${tarball}'`, project);
}

/** package.json of this checkout. */
export async function manifest(): Promise<{ name: string; version: string; repository: { url: string } }> {
  return JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    repository: { url: string };
  };
}
