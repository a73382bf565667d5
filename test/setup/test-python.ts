// The Python the tests use (vitest globalSetup), so that `npm ci && npm test` is enough: a
// Python that already has every package of requirements-test.txt at its pinned version
// (WRITER_PYTHON, else python3), else a project-local virtual environment (.venv-test/,
// git-ignored) with those packages installed, reused while requirements-test.txt is the
// same. The CLI runs of the tests get it as WRITER_PYTHON, the tools it installs (robot,
// hadolint...) come first on PATH. Without python3 or its venv module the tests that need
// Python skip, and the one line printed says why.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether the tests have a Python with every package of requirements-test.txt: inject('pythonPackages'). */
    pythonPackages: boolean;
    /** Whether python3 runs at all: its standard library drives the pseudo-terminal and stands in for slow parsers. */
    python3: boolean;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REQUIREMENTS = path.join(ROOT, 'requirements-test.txt');
const VENV = path.join(ROOT, '.venv-test');
/** Holds the hash of the requirements-test.txt the environment was made from; written last, so a broken install is redone. */
const STAMP = path.join(VENV, 'requirements-test.sha256');
const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';
/** Creating the environment and installing a handful of wheels; a slow mirror gets this long. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;
/** Starting an interpreter to ask what it has installed. */
const PROBE_TIMEOUT_MS = 30_000;

const run = promisify(execFile);

interface Pin {
  name: string;
  version: string;
}

/** What an interpreter lacks of the pins (empty: it has them all) and where its scripts go. */
interface Probe {
  executable: string;
  scripts: string;
  lacking: string[];
}

// Asks the interpreter itself, by the distributions' metadata, as pip would see them.
const PROBE_SCRIPT = `
import importlib.metadata as metadata, json, sys, sysconfig
lacking = []
for name, version in json.loads(sys.argv[1]):
    try:
        found = metadata.version(name)
    except metadata.PackageNotFoundError:
        lacking.append(name + " (not installed)")
        continue
    if found != version:
        lacking.append(name + " " + found + ", not " + version)
print(json.dumps({"executable": sys.executable, "scripts": sysconfig.get_path("scripts"), "lacking": lacking}))
`;

export default async function setup(project: TestProject): Promise<void> {
  const text = await readFile(REQUIREMENTS, 'utf8');
  const pins = parsePins(text);
  const hash = createHash('sha256').update(text).digest('hex');
  process.stdout.write('Python for the tests: ');
  const chosen = await choosePython(pins, hash);
  project.provide('pythonPackages', chosen.ready);
  project.provide('python3', chosen.ready || chosen.python3Runs);
  process.stdout.write(`${chosen.said}\n`);
}

/** Finds or makes the interpreter, points the environment at it, and says in words what it did. */
async function choosePython(pins: readonly Pin[], hash: string): Promise<{ ready: boolean; python3Runs: boolean; said: string }> {
  const given = process.env.WRITER_PYTHON;
  const candidates = [...(given ? [{ command: given, label: `WRITER_PYTHON (${given})` }] : []), { command: 'python3', label: 'python3' }];
  const tried: string[] = [];
  let python3Runs = false;
  for (const candidate of candidates) {
    const probe = await probePython(candidate.command, pins);
    if (probe && !probe.lacking.length) {
      use(probe);
      return { ready: true, python3Runs, said: `${candidate.label} at ${probe.executable} has every package of requirements-test.txt` };
    }
    if (probe && candidate.command === 'python3') python3Runs = true;
    tried.push(probe ? `${candidate.label} lacks ${probe.lacking.join(', ')}` : `${candidate.label} does not run`);
  }

  const venvPython = path.join(VENV, BIN, 'python');
  if ((await readFile(STAMP, 'utf8').catch(() => '')).trim() === hash) {
    const probe = await probePython(venvPython, pins);
    if (probe && !probe.lacking.length) {
      use(probe);
      return { ready: true, python3Runs, said: `.venv-test, made from this requirements-test.txt before (${tried.join('; ')})` };
    }
  }
  const made = python3Runs ? await makeVenv(venvPython, pins, hash) : 'no python3 to make a virtual environment with';
  if (typeof made === 'string') {
    const why = `${tried.join('; ')}; ${made}`;
    // On CI a skipped Robot Framework test would pass unseen: there the missing Python fails the run.
    if (process.env.CI === 'true') throw new Error(`no Python for the tests: ${why}`);
    return { ready: false, python3Runs, said: `none (${why}); the tests that need Python or Robot Framework are skipped` };
  }
  use(made);
  return {
    ready: true,
    python3Runs,
    said: `created .venv-test (python3 -m venv) and installed requirements-test.txt into it, since ${tried.join('; ')}`,
  };
}

/** The `name==version` lines of a requirements file; any other requirement cannot be checked and counts as missing. */
function parsePins(text: string): Pin[] {
  return text.split('\n').flatMap((raw) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return [];
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;]+)$/.exec(line);
    return [match ? { name: match[1] as string, version: match[2] as string } : { name: line, version: '(pinned with ==)' }];
  });
}

async function probePython(command: string, pins: readonly Pin[]): Promise<Probe | undefined> {
  try {
    const { stdout } = await run(command, ['-c', PROBE_SCRIPT, JSON.stringify(pins.map((pin) => [pin.name, pin.version]))], {
      timeout: PROBE_TIMEOUT_MS,
    });
    return JSON.parse(stdout) as Probe;
  } catch {
    return undefined;
  }
}

/** Creates .venv-test afresh and installs the pins; the reason in words when it cannot. */
async function makeVenv(venvPython: string, pins: readonly Pin[], hash: string): Promise<Probe | string> {
  // Installing takes a while; the line so far says what is waited for.
  process.stdout.write('installing requirements-test.txt into .venv-test... ');
  await rm(VENV, { recursive: true, force: true });
  try {
    await run('python3', ['-m', 'venv', VENV], { timeout: INSTALL_TIMEOUT_MS });
  } catch (error) {
    await rm(VENV, { recursive: true, force: true });
    return `python3 -m venv failed (${lastLine(error)}; on Debian and Ubuntu: apt install python3-venv)`;
  }
  try {
    await run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS], {
      timeout: INSTALL_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    return `pip could not install requirements-test.txt into .venv-test (${lastLine(error)})`;
  }
  const probe = await probePython(venvPython, pins);
  if (!probe || probe.lacking.length) return `.venv-test lacks ${probe?.lacking.join(', ') ?? 'a working python'} after pip install`;
  await writeFile(STAMP, `${hash}\n`);
  return probe;
}

/** The CLI runs of the tests take WRITER_PYTHON; the tools the tests start by name come first on PATH. */
function use(probe: Probe): void {
  process.env.WRITER_PYTHON = probe.executable;
  const entries = (process.env.PATH ?? '').split(path.delimiter);
  // The virtual environment also stands in for python3 itself; a Python found installed only adds its scripts when they are not on PATH.
  const ours = probe.executable.startsWith(VENV + path.sep);
  if (ours || !entries.includes(probe.scripts)) process.env.PATH = [probe.scripts, ...entries].join(path.delimiter);
}

function lastLine(error: unknown): string {
  const output = (error as { stderr?: string; code?: unknown }).stderr?.trim();
  const text = output || (error instanceof Error ? error.message : String(error));
  return text.split('\n').at(-1)?.trim() || 'no output';
}
