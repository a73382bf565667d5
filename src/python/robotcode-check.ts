// RobotCode's analyzer (`robotcode analyze code`, PyPI robotcode-analyze) run by the helper
// on the placed suite and its resources: unknown keywords, argument counts, variables,
// imports, as Robot Framework would resolve them with the libraries installed for that
// Python and the team's settings the built-in checks used.

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { stringify } from 'smol-toml';

import { type CheckedSuite, type ExternalCheck, ROBOTCODE_ANALYZER } from '../robot/external-checks.js';
import { STANDARD_LIBRARIES } from '../robot/data/standard-libraries.js';
import { type Finding, error, note } from '../robot/problems.js';
import { robotKindOf } from '../robot/robot-findings.js';
import type { RobotProject } from '../robot/namespace.js';
import type { PythonHelper } from './python-helper.js';
import type { PlacedSuite, SuitePlacement } from './suite-placement.js';

export const ROBOTCODE_PREFIX = 'RobotCode: ';
/** A cold analysis imports every library once (several seconds); later ones reuse the run's cache. */
export const ANALYZE_TIMEOUT_MS = 180_000;
/** Analyzing a lint's files together takes longer with each file (Robot Framework's own acceptance tests: about 0.2 s a file). */
export const ANALYZE_MS_PER_FILE = 2_000;
/** The helper stops the tool a little earlier, so a slow analysis is a failed question, not a hung helper. */
const TOOL_MARGIN_MS = 15_000;

/** One diagnostic as RobotCode reports it: 0-based lines, severity 1 error … 4 hint. */
export interface RobotCodeDiagnostic {
  range: { start: { line: number } };
  message: string;
  severity?: number;
  code?: string | number;
  /** Where the problem comes from: an import that fails says why here. */
  relatedInformation?: ReadonlyArray<{ message: string }>;
}

/**
 * RobotCode's cache of library documentation, kept between runs in the system's temporary
 * folder (never in the repository): a cold analysis imports every library and takes seconds.
 */
export function robotCodeCacheFolder(): string {
  return path.join(os.tmpdir(), `writer-robotcode-cache-${process.getuid?.() ?? 'user'}`);
}

/** A library it cannot load here: not importable, or failing when created (`Initializing library 'X' with no arguments failed`). */
const LIBRARY_FAILED = /^(?:Importing|Initializing) (?:test )?library '([^']+)'(?: with [^\n]*?)? failed/;
/** An import whose target has problems: a library that fails to import, a resource with errors of its own. */
const IMPORT_WITH_ERRORS = 'ImportContainsErrors';
/** Imports the analyzer cannot follow (a path from variables given at run time, a file it was not given): the built-in checks note them. */
const IMPORT_NOT_FOLLOWED =
  /^(Resource file|Variables file) '.*' does not exist|^Replacing variables from setting '(Resource|Library|Variables)' failed/;

export function robotCodeCheck(python: PythonHelper, placement: SuitePlacement): ExternalCheck {
  /** Settings files written for the run, by content: a batch or a lint mostly shares one. */
  const configs = new Map<string, Promise<string>>();
  const configFile = (content: string): Promise<string> => {
    let written = configs.get(content);
    if (written === undefined) {
      const file = path.join(placement.scratch, `robotcode-${configs.size + 1}.toml`);
      written = writeFile(file, content, 'utf8').then(() => file);
      configs.set(content, written);
    }
    return written;
  };
  /** The files a lint will check, with their team's settings, and the analyses that judge them together. */
  const expected = new Map<string, RobotProject>();
  const together = new Map<string, Promise<Diagnostics>>();

  const analyze = async (
    placed: PlacedSuite,
    project: RobotProject,
    files: readonly string[],
    signal?: AbortSignal,
  ): Promise<Diagnostics> => {
    const teamSettings = project.settingsFiles ?? [];
    // The team's files first, for RobotCode's own sections; then what the built-in checks used, which wins.
    const ours = await configFile(robotCodeSettings(project, placed));
    const timeoutMs = ANALYZE_TIMEOUT_MS + files.length * ANALYZE_MS_PER_FILE;
    const diagnostics = await python.request<Record<string, RobotCodeDiagnostic[]>>(
      'analyze',
      {
        cwd: placed.cwd,
        ...(placed.root !== undefined ? { root: placed.root } : {}),
        config_files: [...teamSettings.map((file) => placed.locate(file)), ours],
        paths: files.map((file) => placed.locate(file)),
        cache_dir: robotCodeCacheFolder(),
        timeout: (timeoutMs - TOOL_MARGIN_MS) / 1000,
      },
      { timeoutMs, signal },
    );
    return new Map(Object.entries(diagnostics).map(([file, list]) => [path.resolve(file), list]));
  };

  return {
    name: ROBOTCODE_ANALYZER,
    expect(files) {
      for (const { path: file, project } of files) expected.set(file, project);
    },
    async check(suite: CheckedSuite, signal?: AbortSignal): Promise<Finding[]> {
      if ((await python.capabilities(signal))?.robotcode == null) return [];
      const expectedProject = expected.get(suite.path);
      const project = expectedProject ?? suite.project;
      const settingsTexts = await Promise.all(
        (project.settingsFiles ?? []).map(async (file) => ({ path: file, text: (await suite.readFile(file)) ?? '' })),
      );
      const placed = await placement.place(suite, settingsTexts);
      let byFile: Diagnostics;
      if (expectedProject === undefined) {
        byFile = await analyze(placed, project, [suite.path, ...suite.resources.map((resource) => resource.path)], signal);
      } else {
        // A lint's files with the same settings are analyzed in one run of the analyzer: it reads each library once.
        const key = settingsKey(project, placed);
        let analysis = together.get(key);
        if (analysis === undefined) {
          const files = [...expected].filter(([, other]) => settingsKey(other, placed) === key).map(([file]) => file);
          analysis = analyze(placed, project, files, signal);
          together.set(key, analysis);
          // An interrupted analysis is not kept for the files that come next.
          analysis.catch(() => together.delete(key));
        }
        byFile = await analysis;
      }
      return robotCodeFindings({
        importsAtRunTime: suite.importsAtRunTime,
        suite: byFile.get(placed.locate(suite.path)) ?? [],
        resources: suite.resources.map((resource) => ({ via: resource.via, diagnostics: byFile.get(placed.locate(resource.path)) ?? [] })),
      });
    },
  };
}

type Diagnostics = ReadonlyMap<string, readonly RobotCodeDiagnostic[]>;

function settingsKey(project: RobotProject, placed: Pick<PlacedSuite, 'locate'>): string {
  return JSON.stringify([project.settingsFiles ?? [], robotCodeSettings(project, placed)]);
}

/**
 * The settings the built-in checks judged the suite with, as a robot.toml for RobotCode:
 * its languages, the module search path, variables given on the command line (the
 * repository's included) and variable files, their paths where the analyzer sees them.
 */
export function robotCodeSettings(project: RobotProject, placed: Pick<PlacedSuite, 'locate'>): string {
  const variables = Object.fromEntries(
    (project.variables ?? []).map((entry) => {
      const colon = entry.indexOf(':');
      return colon === -1 ? [entry, ''] : [entry.slice(0, colon), entry.slice(colon + 1)];
    }),
  );
  const variableFiles = (project.variableFiles ?? []).map((entry) => {
    // `vars.py:arg`, keeping a Windows drive's colon with the path.
    const [, file = entry, args = ''] = /^((?:[A-Za-z]:)?[^:]*)(.*)$/.exec(entry) ?? [];
    return placed.locate(file) + args;
  });
  return stringify({
    languages: [...(project.languages ?? [])],
    'python-path': (project.pythonPath ?? []).map((folder) => placed.locate(folder)),
    'variable-files': variableFiles,
    variables,
  });
}

/**
 * The suite's diagnostics as findings. A library that cannot be imported here makes the
 * calls it may provide unknowable: their KeywordNotFound become notes, as do variables
 * that the command line or a variable file may give.
 */
export function robotCodeFindings(report: {
  /** The suite imports while it runs, which the analyzer does not follow: any keyword may come from there. */
  importsAtRunTime?: boolean;
  suite: readonly RobotCodeDiagnostic[];
  resources: ReadonlyArray<{ via: number; diagnostics: readonly RobotCodeDiagnostic[] }>;
}): Finding[] {
  const failed = new Map<string, number>();
  const findings: Finding[] = [];
  for (const diagnostic of report.suite) {
    const library = failedLibrary(diagnostic);
    if (library !== undefined) failed.set(library, lineOf(diagnostic));
  }
  for (const resource of report.resources) {
    for (const diagnostic of resource.diagnostics) {
      const library = failedLibrary(diagnostic);
      if (library !== undefined && !failed.has(library)) failed.set(library, resource.via);
    }
  }
  // A resource it could not follow may hold any keyword.
  const unfollowed =
    report.importsAtRunTime === true ||
    [...report.suite, ...report.resources.flatMap((resource) => resource.diagnostics)].some((diagnostic) =>
      IMPORT_NOT_FOLLOWED.test(firstLine(diagnostic.message)),
    );
  for (const [library, line] of failed) {
    findings.push(
      note('robot', line, `${ROBOTCODE_PREFIX}library '${library}' cannot be imported here; calls that may come from it were not checked`),
    );
  }
  for (const diagnostic of report.suite) {
    const message = firstLine(diagnostic.message);
    const line = lineOf(diagnostic);
    if (diagnostic.severity !== 1 && diagnostic.severity !== 2) continue;
    const code = String(diagnostic.code ?? '');
    if (LIBRARY_FAILED.test(message) || (code === IMPORT_WITH_ERRORS && failedLibrary(diagnostic) !== undefined)) continue;
    // The kinds of our own findings, so that the same problem on the same line is reported once.
    const kind = code === 'KeywordNotFound' ? 'keyword' : code === 'VariableNotFound' ? 'undefined-variable' : robotKindOf(message);
    // Variables the run's environment or command line gives; imports whose own problems the checks of that file report.
    const unknowable =
      (code === 'KeywordNotFound' && (unfollowed || (failed.size > 0 && mayComeFrom(message, failed)))) ||
      /VariableNotFound$/.test(code) ||
      code === IMPORT_WITH_ERRORS ||
      IMPORT_NOT_FOLLOWED.test(message);
    if (diagnostic.severity === 2 || unknowable) findings.push(note(kind, line, ROBOTCODE_PREFIX + message));
    else findings.push(error(kind, line, ROBOTCODE_PREFIX + message));
  }
  return findings;
}

/** The library a diagnostic says could not be imported, in its message or (for an import line) in its related information. */
function failedLibrary(diagnostic: RobotCodeDiagnostic): string | undefined {
  for (const message of [diagnostic.message, ...(diagnostic.relatedInformation ?? []).map((related) => related.message)]) {
    const library = LIBRARY_FAILED.exec(message)?.[1];
    if (library !== undefined) return library;
  }
  return undefined;
}

/**
 * An unqualified call may come from any library; `Lib.Keyword` from `Lib`, or from the
 * library an alias names (`Library  SSHLibrary  AS  SSH`), but not from a standard library.
 */
function mayComeFrom(message: string, failed: ReadonlyMap<string, number>): boolean {
  const called = /No keyword with name '(.+)' found/.exec(message)?.[1];
  if (called === undefined || !called.includes('.')) return true;
  const owner = called.slice(0, called.lastIndexOf('.')).toLowerCase().replace(/\s/g, '');
  if ([...failed.keys()].some((library) => library.toLowerCase().replace(/\s/g, '').endsWith(owner))) return true;
  return !Object.keys(STANDARD_LIBRARIES).some((library) => library.toLowerCase() === owner);
}

function lineOf(diagnostic: RobotCodeDiagnostic): number {
  return diagnostic.range.start.line + 1;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
