// Lints Robot Framework files on disk with the same checks as generated suites, as a
// repository: folders expanded, each resource judged in the namespace of the suites that
// import it, the team's robot.toml read, variables the repository takes from the command
// line accepted. All files share one check run: one Python helper, one cache of library
// answers, the field's tools. The CLI command renders the report and picks the exit code.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { glob } from 'tinyglobby';

import { mapLimit } from '../loop/map-limit.js';
import { type InputFileError, readRegularFile } from '../read-regular-file.js';
import { NamespaceCache, type RobotProject, type Validation, checkSuite } from '../robot/check-suite.js';
import type { RobotFile } from '../robot/model.js';
import { blockTooDeep } from '../robot/nesting.js';
import type { SuiteProblem } from '../robot/problems.js';
import { PROJECT_MARKERS, readProjectSettings } from '../robot/project-settings.js';
import { RepositoryVariables } from '../robot/repository-variables.js';
import { loadResources } from '../robot/resource-imports.js';
import type { FileKind } from '../robot/setting-names.js';
import { readRobotSource } from '../robot/source-formats.js';
import { type CheckRun, openCheckRun, requireValidationTools } from './check-run.js';

export interface LintFileReport {
  file: string;
  errors: SuiteProblem[];
  notes: SuiteProblem[];
}

export interface LintReport {
  files: LintFileReport[];
  unreadable: Array<{ file: string; message: string }>;
  /** Settings files that could not be read (invalid TOML); linting went on without them. */
  warnings: string[];
}

export interface LintOptions {
  validate?: Validation;
  /** `--variable NAME[:value]`: variables given on the command line. */
  variables?: readonly string[];
  /** `--language`: languages besides English. */
  languages?: readonly string[];
  /** `--pythonpath`: folders Robot also searches for resources, libraries and variable files. */
  pythonPath?: readonly string[];
  /** Ctrl-C: stops the helper and the tools it runs. */
  signal?: AbortSignal;
}

/** Suites teams keep are at most a few hundred kilobytes; checking 5 MiB already takes about 200 MB of memory. */
export const MAX_LINT_FILE_BYTES = 5 * 1024 * 1024;
/** Files checked at once; their questions for Python queue at the run's one helper. */
const LINT_CONCURRENCY = 4;
/** What a folder given to lint is searched for: suites and resources, as Robot runs and imports them. */
const FOLDER_PATTERNS = ['**/*.robot', '**/*.resource'];
const SKIPPED_FOLDERS = ['**/node_modules/**', '**/.git/**', '**/.*/**'];

interface LintTarget {
  /** As the user named it (or found under a named folder). */
  file: string;
  /** POSIX path the checks use. */
  posix: string;
  text: string;
  model: RobotFile | undefined;
  project: RobotProject;
}

export async function lintFiles(paths: string[], options: LintOptions): Promise<LintReport> {
  const validate = options.validate ?? 'auto';
  await requireValidationTools(validate);
  const run = openCheckRun({ validate, placement: 'in-place', signal: options.signal });
  try {
    return await lintWith(paths, options, run);
  } finally {
    await run.close();
  }
}

async function lintWith(paths: string[], options: LintOptions, run: CheckRun): Promise<LintReport> {
  const report: LintReport = { files: [], unreadable: [], warnings: [] };
  const readText = memoizedReader();
  const files = await expandFolders(paths);
  const targets: LintTarget[] = [];
  const projects = new ProjectCache(readText, report.warnings);
  for (const file of files) {
    const posix = toPosix(file);
    const text = await readText.strict(posix).catch((cause: unknown) => {
      report.unreadable.push({ file, message: `cannot read: ${(cause as Error).message}` });
      return undefined;
    });
    if (text === undefined) continue;
    const project = withFlags(await projects.of(posix), options);
    targets.push({ file, posix, text, model: readRobotSource(posix, text, { languages: project.languages }), project });
  }
  const kinds = new Map(targets.map((target) => [target.posix, lintKind(target)]));
  const importers = await importingSuites(targets, kinds, readText.quiet);
  const repository = new RepositoryVariables();
  for (const target of walkable(targets)) repository.add(target.posix, target.model!);

  run.expect(targets.map((target) => ({ path: target.posix, project: target.project })));
  const namespaces = new NamespaceCache();
  const outcomes = await mapLimit(
    targets,
    LINT_CONCURRENCY,
    async (target): Promise<LintFileReport | { file: string; message: string }> => {
      const result = await checkSuite(target.text, {
        ...run.options(readText.lenient),
        suitePath: target.posix,
        readFile: readText.lenient,
        kind: kinds.get(target.posix),
        origin: 'repository',
        project: { ...target.project, variables: [...(target.project.variables ?? []), ...repository.givenTo(target.posix)] },
        importers: importers.get(target.posix) ?? [],
        namespaces,
      }).catch((cause: unknown) => {
        if (cause instanceof UnreadableResource) return { message: cause.message };
        throw cause;
      });
      return 'message' in result
        ? { file: target.file, message: result.message }
        : { file: target.file, errors: result.errors, notes: result.notes };
    },
  );
  for (const outcome of outcomes) {
    if ('errors' in outcome) report.files.push(outcome);
    else report.unreadable.push(outcome);
  }
  return report;
}

/** `file:line: message`, notes as `file:line: note: message`, ordered by line per file. */
export function formatLintReport(report: LintReport): string[] {
  const lines = report.unreadable.map(({ file, message }) => `${file}: ${message}`);
  for (const { file, errors, notes } of report.files) {
    const entries = [
      ...errors.map((problem) => ({ problem, prefix: '' })),
      ...notes.map((problem) => ({ problem, prefix: 'note: ' })),
    ].sort((a, b) => a.problem.line - b.problem.line);
    for (const { problem, prefix } of entries) {
      lines.push(`${file}:${problem.line}: ${prefix}${problem.message}${suggestionText(problem)}`);
    }
  }
  return lines;
}

/** Files whose bodies can be walked: a file nesting blocks deeper than the checks allow gets only that error. */
function walkable(targets: readonly LintTarget[]): LintTarget[] {
  return targets.filter((target) => target.model !== undefined && blockTooDeep(target.model) === undefined);
}

/**
 * Robot reads a file without tests as a resource when a suite imports it, whatever its
 * extension; only a `.robot` file with tests (or an `__init__` file) is run as a suite.
 * A file with neither tests nor keywords nor variables is no resource either: run, it is
 * a suite without tests, which Robot refuses (an empty file, a truncated one).
 */
function lintKind(target: LintTarget): FileKind {
  const name = path.posix.basename(target.posix).toLowerCase();
  if (name.startsWith('__init__.')) return 'init';
  if (/\.(resource|json)$/.test(name)) return 'resource';
  const kinds = new Set(target.model?.sections.map((section) => section.kind));
  if (kinds.has('testCases') || kinds.has('tasks')) return 'suite';
  return kinds.has('keywords') || kinds.has('variables') || kinds.has('settings') ? 'resource' : 'suite';
}

/** Resource path → the linted suites whose imports reach it, directly or through other resources. */
async function importingSuites(
  targets: readonly LintTarget[],
  kinds: ReadonlyMap<string, FileKind>,
  readText: (file: string) => Promise<string | undefined>,
): Promise<Map<string, string[]>> {
  const importers = new Map<string, string[]>();
  const suites = walkable(targets).filter((target) => kinds.get(target.posix) !== 'resource');
  const graphs = await mapLimit(suites, LINT_CONCURRENCY, (suite) =>
    loadResources(suite.model!, suite.posix, readText, { pythonPath: suite.project.pythonPath, languages: suite.project.languages }),
  );
  suites.forEach((suite, index) => {
    for (const resource of graphs[index]!.resources) {
      importers.set(resource.path, [...(importers.get(resource.path) ?? []), suite.posix]);
    }
  });
  return importers;
}

/** The flags add to the team's settings: `--pythonpath` folders are relative to the working folder. */
function withFlags(project: RobotProject, options: LintOptions): RobotProject {
  return {
    ...project,
    languages: [...(project.languages ?? []), ...(options.languages ?? [])],
    pythonPath: [...(project.pythonPath ?? []), ...(options.pythonPath ?? []).map(toPosix)],
    variables: [...(project.variables ?? []), ...(options.variables ?? [])],
  };
}

/** The settings of the project a file belongs to: the nearest folder up with a settings file, before a `.git`. */
class ProjectCache {
  private readonly roots = new Map<string, Promise<RobotProject>>();

  constructor(
    private readonly read: ReturnType<typeof memoizedReader>,
    private readonly warnings: string[],
  ) {}

  of(file: string): Promise<RobotProject> {
    const root = projectRoot(path.posix.dirname(file));
    if (root === undefined) return Promise.resolve({});
    let project = this.roots.get(root);
    if (project === undefined) {
      project = readProjectSettings(root, this.read.quiet).then((settings) => {
        this.warnings.push(...settings.problems);
        return settings.project;
      });
      this.roots.set(root, project);
    }
    return project;
  }
}

/** The root in the file's own path space: relative to the working folder when the file is. */
function projectRoot(folder: string): string | undefined {
  let current = path.resolve(folder);
  for (;;) {
    if (PROJECT_MARKERS.some((marker) => existsSync(path.join(current, marker)))) {
      return path.isAbsolute(folder) ? toPosix(current) : toPosix(path.relative(process.cwd(), current)) || '.';
    }
    if (existsSync(path.join(current, '.git'))) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Folders become the suites and resources under them, in sorted order; files stay as named. */
async function expandFolders(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    if (!isFolder(entry)) {
      files.push(entry);
      continue;
    }
    const found = await glob(FOLDER_PATTERNS, { cwd: entry, ignore: SKIPPED_FOLDERS, onlyFiles: true });
    files.push(...found.sort().map((relative) => path.join(entry, relative)));
  }
  return files;
}

function isFolder(entry: string): boolean {
  try {
    return statSync(entry).isDirectory();
  } catch {
    return false;
  }
}

/** A resource that exists but cannot be read as one (a FIFO, a device, too large): the file's check stops with it. */
class UnreadableResource extends Error {}

/**
 * Every file is read from disk once, however many suites import it, and only when it is a
 * regular file within the size limit: a FIFO would hang the read, a device never end it.
 * `lenient` takes a missing resource as a finding of the check; `quiet` takes any failure so.
 */
function memoizedReader(): {
  strict: (file: string) => Promise<string>;
  lenient: (file: string) => Promise<string | undefined>;
  quiet: (file: string) => Promise<string | undefined>;
} {
  const texts = new Map<string, Promise<string>>();
  const strict = (file: string): Promise<string> => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readRegularFile(file, MAX_LINT_FILE_BYTES);
      texts.set(file, text);
    }
    return text;
  };
  const lenient = (file: string): Promise<string | undefined> =>
    strict(file).catch((cause: unknown) => {
      const code = (cause as InputFileError).code;
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw new UnreadableResource(`cannot read the resource ${file}: ${(cause as Error).message}`);
    });
  return { strict, lenient, quiet: (file) => strict(file).catch(() => undefined) };
}

function toPosix(file: string): string {
  // Robot resolves imports with forward slashes on every platform; so do the checks.
  return file.split(path.sep).join(path.posix.sep);
}

function suggestionText(problem: SuiteProblem): string {
  const suggestions = problem.suggestions ?? [];
  return suggestions.length === 0 ? '' : ` (did you mean ${suggestions.map((name) => `'${name}'`).join(', ')}?)`;
}
