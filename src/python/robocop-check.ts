// Robocop (PyPI robotframework-robocop) with the team's own configuration, run by the helper
// on the placed suite: its errors go back to the model like ours, its warnings are notes.
// A repository without a Robocop configuration sees no change.

import path from 'node:path';

import type { CheckedSuite, ExternalCheck } from '../robot/external-checks.js';
import { type Finding, error, note } from '../robot/problems.js';
import type { ReadFile } from '../robot/resource-imports.js';
import type { PythonHelper } from './python-helper.js';
import type { SuitePlacement } from './suite-placement.js';

/** Robocop reads a suite in about a second; more means something is stuck. */
export const ROBOCOP_TIMEOUT_MS = 120_000;
const TOOL_MARGIN_MS = 15_000;

/** Where Robocop looks in each folder, in its order; `.robocop` is the argument file of Robocop 5 and older. */
export const ROBOCOP_CONFIG_FILES = ['robocop.toml', 'robot.toml', 'pyproject.toml', '.robocop'] as const;

/**
 * `repository-root`: a generation reads the configuration of the repository's root through
 * the tools, once per run (each read is a call to the server). `nearest`: lint looks on disk
 * from the suite's folder up, as Robocop does.
 */
export type ConfigSearch = 'repository-root' | 'nearest';

export interface RobocopConfig {
  /** POSIX path as the checks name files. */
  path: string;
  text: string;
  /** toml: Robocop reads it itself; arguments: a `.robocop` file of command-line options. */
  format: 'toml' | 'arguments';
}

interface RobocopIssue {
  source: string;
  line: number;
  severity: string;
  rule_id: string;
  rule_name?: string;
  description: string;
}

/**
 * The configuration nearest the suite, as Robocop finds it: the suite's folder, then each
 * parent up to the repository root (a folder with `.git` on disk). `robot.toml` and
 * `pyproject.toml` count only with a `[tool.robocop]` section.
 */
export async function findRobocopConfig(
  suitePath: string,
  readFile: ReadFile,
  search: ConfigSearch = 'nearest',
): Promise<RobocopConfig | undefined> {
  // A path that cannot be read as a file (a `.git` file of a worktree makes `.git/HEAD` one) is not there.
  const read = (file: string): Promise<string | undefined> => readFile(file).catch(() => undefined);
  for (const folder of search === 'nearest' ? folders(suitePath) : ['']) {
    const texts = await Promise.all(ROBOCOP_CONFIG_FILES.map((name) => read(join(folder, name))));
    for (const [index, name] of ROBOCOP_CONFIG_FILES.entries()) {
      const text = texts[index];
      if (text === undefined) continue;
      if ((name === 'robot.toml' || name === 'pyproject.toml') && !/^\s*\[tool\.robocop[\].]/m.test(text)) continue;
      return { path: join(folder, name), text, format: name === '.robocop' ? 'arguments' : 'toml' };
    }
    // The repository's root: a `.git` folder, or the `.git` file of a worktree or submodule.
    if (
      path.posix.isAbsolute(folder) &&
      ((await read(join(folder, '.git/HEAD'))) !== undefined || (await read(join(folder, '.git'))) !== undefined)
    ) {
      return undefined;
    }
  }
  return undefined;
}

/** The suite's folder and its parents: `tests/orders/x.robot` → `tests/orders`, `tests`, ``. */
function folders(suitePath: string): string[] {
  const found: string[] = [];
  let folder = path.posix.dirname(suitePath);
  for (;;) {
    found.push(folder === '.' ? '' : folder);
    const parent = path.posix.dirname(folder);
    if (parent === folder || folder === '.') return found;
    folder = parent;
  }
}

function join(folder: string, name: string): string {
  return folder === '' ? name : path.posix.join(folder, name);
}

/** Robocop 5's options in a `.robocop` file under the names Robocop 6 and later take. */
const RENAMED_OPTIONS: Readonly<Record<string, string>> = {
  '--include': '--select',
  '--exclude': '--ignore',
  '--ext-rules': '--custom-rules',
};

export function robocopArguments(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/\s+/))
    .map((argument) => RENAMED_OPTIONS[argument] ?? argument);
}

export function robocopCheck(python: PythonHelper, placement: SuitePlacement, search: ConfigSearch): ExternalCheck {
  /** Configuration lookups of the run, per suite folder (one for the whole run at the repository root). */
  const configs = new Map<string, Promise<RobocopConfig | undefined>>();
  return {
    name: 'Robocop',
    async check(suite: CheckedSuite, signal?: AbortSignal): Promise<Finding[]> {
      // Without Robocop there is nothing to run: no configuration is read.
      if ((await python.capabilities(signal))?.robocop == null) return [];
      const folder = search === 'nearest' ? path.posix.dirname(suite.path) : '';
      let lookup = configs.get(folder);
      if (lookup === undefined) {
        lookup = findRobocopConfig(suite.path, suite.readFile, search);
        configs.set(folder, lookup);
      }
      const config = await lookup;
      if (config === undefined) return [];
      const placed = await placement.place(suite, [{ path: config.path, text: config.text }]);
      const issues = await python.request<RobocopIssue[]>(
        'robocop',
        {
          cwd: placed.cwd,
          paths: [placed.locate(suite.path)],
          ...(config.format === 'toml'
            ? { config: placed.locate(config.path) }
            : { extra: ['--ignore-file-config', ...robocopArguments(config.text)] }),
          report_dir: placement.scratch,
          timeout: (ROBOCOP_TIMEOUT_MS - TOOL_MARGIN_MS) / 1000,
        },
        { timeoutMs: ROBOCOP_TIMEOUT_MS, signal },
      );
      const suiteFile = path.resolve(placed.locate(suite.path));
      return robocopFindings(issues.filter((issue) => path.resolve(issue.source) === suiteFile));
    },
  };
}

/** E is an error, W a note; I (information) and Robocop's own syntax errors, which Robot's parser reports, are left out. */
export function robocopFindings(issues: readonly RobocopIssue[]): Finding[] {
  return issues.flatMap((issue) => {
    if (issue.rule_id.startsWith('ERR')) return [];
    const message = `Robocop ${issue.rule_id}${issue.rule_name ? ` (${issue.rule_name})` : ''}: ${issue.description}`;
    if (issue.severity === 'E') return [error('robocop', issue.line, message)];
    if (issue.severity === 'W') return [note('robocop', issue.line, message)];
    return [];
  });
}
