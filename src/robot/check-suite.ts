// Checks a Robot Framework suite before it is written or linted: our own reading of
// structure, resources, keyword calls, arguments and variables, merged with Robot
// Framework's parser and, when given, the field's tools (RobotCode's analyzer, Robocop)
// run by the run's Python helper.

import path from 'node:path';

import type { Validation } from '../config/settings.js';
import { InterruptedError, UsageError } from '../errors.js';
import { type CheckedSuite, type ExternalCheck, ROBOTCODE_ANALYZER, mergeExternalFindings } from './external-checks.js';
import { keywordFindings } from './keyword-checks.js';
import { allLibraryImports } from './keyword-sources.js';
import { MAX_BLOCK_DEPTH, blockTooDeep } from './nesting.js';
import type { RobotFile } from './model.js';
import type { LibraryResolver } from './library-spec.js';
import { type Namespace, NamespaceCache, type RobotProject, buildNamespace } from './namespace.js';
import { type CheckResult, type Finding, error, note, toCheckResult } from './problems.js';
import type { ReadFile, ResourceGraph } from './resource-imports.js';
import { mergeRobotVerdict } from './robot-findings.js';
import { type RobotParseOptions, robotParserAvailable, robotVerdict } from './robot-parser.js';
import type { RobotPython } from './robot-python.js';
import type { FileKind } from './setting-names.js';
import { runTimeImports } from './run-time-imports.js';
import { existingLibraryFiles } from './source-library-resolver.js';
import { readRobotSource, robotText } from './source-formats.js';
import { standardLibraries } from './standard-library-resolver.js';
import { type Origin, syntaxFindings } from './syntax-checks.js';
import { variableFindings } from './variable-checks.js';

export type { CheckResult, SuiteProblem } from './problems.js';
export type { RobotProject } from './namespace.js';
export { NamespaceCache };
export type { Origin } from './syntax-checks.js';

/** The table of settings defines the values of --validate. */
export type { Validation };

export interface CheckOptions {
  /** POSIX path of the suite: repo-relative (tests/orders/x.robot) or on disk for lint. */
  suitePath: string;
  /** Text of a file, or undefined when it does not exist. */
  readFile: ReadFile;
  /**
   * 'builtin' never runs Python; 'auto' uses Robot Framework (and RobotCode's analyzer)
   * when installed; 'robot' requires Robot Framework; 'robotcode' requires the analyzer too.
   */
  validate?: Validation;
  /** The run's Python helper; without one, Robot Framework's own parser is not asked. */
  python?: RobotPython;
  /** Answers what each library import brings (the run's chain of sources); standard libraries only by default. */
  libraries?: LibraryResolver;
  /** The field's tools to run on the suite with its resources and library files. */
  externalChecks?: readonly ExternalCheck[];
  /** Suite, init or resource file; by default from the path. */
  kind?: FileKind;
  /** A generated suite (the default) or a file a person wrote; text before the first section is an error only in the first. */
  origin?: Origin;
  /** The team's settings: languages, search path, variables and variable files. */
  project?: RobotProject;
  /** For a resource: the suites known to import it, whose namespace it runs in. */
  importers?: readonly string[];
  /** Shares what was gathered for each file between the checks of one run. */
  namespaces?: NamespaceCache;
  /** Ctrl-C: stops the helper and the tools, and ends the check with InterruptedError. */
  signal?: AbortSignal;
}

export const ROBOT_REQUIRED_MESSAGE =
  'Robot Framework is not installed for python3 (pip install robotframework), required by --validate robot';

export async function checkSuite(text: string, options: CheckOptions): Promise<CheckResult> {
  const validate = options.validate ?? 'auto';
  const robotPython = await pythonWithRobot(validate, options.python);
  const kind = options.kind ?? fileKindOf(options.suitePath);
  const project = options.project ?? {};
  const file = readRobotSource(options.suitePath, text, { languages: project.languages });
  if (file === undefined) return toCheckResult([error('resource', 1, 'not a Robot Framework JSON resource')]);
  // The other checks, and Robot's own parser, would overflow their stacks on such a file.
  const tooDeep = blockTooDeep(file);
  if (tooDeep !== undefined) {
    return toCheckResult([error('nesting', tooDeep, `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep; nothing else was checked`)]);
  }
  const robotInput = robotText(options.suitePath, text);
  const [namespace, withRobot] = await Promise.all([
    buildNamespace(file, options.suitePath, kind, {
      readFile: options.readFile,
      libraries: options.libraries ?? standardLibraries,
      project,
      importers: options.importers,
      cache: options.namespaces,
      signal: options.signal,
    }),
    robotPython !== undefined && robotInput !== undefined
      ? askRobot(robotInput, kind, validate, { languages: project.languages, python: robotPython, signal: options.signal })
      : (ours: Finding[]) => ours,
  ]);
  if (options.signal?.aborted) throw new InterruptedError();
  const ours = withRobot(fileFindings(file, kind, options.origin ?? 'generated', namespace, robotInput !== undefined));
  if (validate === 'builtin' || robotInput === undefined || !options.externalChecks?.length) return toCheckResult(ours);
  const suite: CheckedSuite = {
    path: options.suitePath,
    text,
    kind,
    resources: namespace.graph.resources.map((resource) => ({ path: resource.path, via: resource.via })),
    libraryFiles: await existingLibraryFiles(
      allLibraryImports(file, options.suitePath, namespace.graph).map(({ library }) => ({ ...library, searchPath: project.pythonPath })),
      options.readFile,
    ),
    variableFiles: namespace.variableFiles,
    importsAtRunTime: [file, ...namespace.graph.resources.map((resource) => resource.file)].some((reached) =>
      runTimeImports(reached).some((entry) => entry.kind !== 'variables'),
    ),
    project,
    readFile: options.readFile,
  };
  return toCheckResult(mergeExternalFindings(ours, await runExternalChecks(suite, options.externalChecks, validate, options.signal)));
}

function fileFindings(file: RobotFile, kind: FileKind, origin: Origin, namespace: Namespace, hasText: boolean): Finding[] {
  return [
    ...(hasText ? syntaxFindings(file, kind, origin) : []),
    ...resourceFindings(namespace.graph),
    ...keywordFindings(file, namespace.keywords),
    ...variableFindings(file, namespace.variables),
  ];
}

/** Robot accepts different sections and settings in resource and `__init__` files. */
export function fileKindOf(suitePath: string): FileKind {
  const name = path.posix.basename(suitePath).toLowerCase();
  if (name.startsWith('__init__.')) return 'init';
  if (name.endsWith('.resource') || name.endsWith('.json')) return 'resource';
  return 'suite';
}

/** The helper to ask Robot Framework's parser, or undefined when the checks go without it. */
async function pythonWithRobot(validate: Validation, python: RobotPython | undefined): Promise<RobotPython | undefined> {
  if (validate === 'builtin') return undefined;
  const available = await robotParserAvailable(python);
  if ((validate === 'robot' || validate === 'robotcode') && !available) throw new UsageError(ROBOT_REQUIRED_MESSAGE);
  return available ? python : undefined;
}

/**
 * How Robot's verdict joins ours. In 'auto' mode a parser that breaks (an old Robot,
 * a crash) costs a note, not the check.
 */
async function askRobot(
  text: string,
  kind: FileKind,
  validate: Validation,
  parse: RobotParseOptions,
): Promise<(ours: Finding[]) => Finding[]> {
  try {
    const verdict = await robotVerdict(text, kind, parse);
    return (ours) => mergeRobotVerdict(ours, verdict);
  } catch (cause) {
    if (validate !== 'auto' || cause instanceof InterruptedError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return (ours) => [...ours, note('robot', 1, `${reason}; only the built-in checks ran`)];
  }
}

/** Each tool that fails costs a note in 'auto' mode; with 'robotcode' the analyzer must answer. */
async function runExternalChecks(
  suite: CheckedSuite,
  checks: readonly ExternalCheck[],
  validate: Validation,
  signal: AbortSignal | undefined,
): Promise<Finding[]> {
  const outcomes = await Promise.allSettled(checks.map((check) => check.check(suite, signal)));
  return outcomes.flatMap((outcome, index) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const cause: unknown = outcome.reason;
    if (cause instanceof InterruptedError || (validate === 'robotcode' && checks[index]!.name === ROBOTCODE_ANALYZER)) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return [note('robot', 1, `${checks[index]!.name} failed (${reason}); its checks were skipped`)];
  });
}

function resourceFindings(graph: ResourceGraph): Finding[] {
  return graph.problems.map((problem) => {
    const where = problem.direct ? '' : ` (imported by ${problem.importer})`;
    switch (problem.reason) {
      case 'variables':
        return note('resource', problem.via, `resource '${problem.value}'${where} has variables in its path and was not checked`);
      case 'searchPath':
        return note(
          'resource',
          problem.via,
          `resource '${problem.value}'${where} is not next to its importer (looked for ${problem.path ?? ''}); ` +
            'Robot may find it on the module search path (--pythonpath), so it was not checked',
        );
      case 'nesting':
        return note(
          'resource',
          problem.via,
          `resource '${problem.value}'${where} nests blocks more than ${MAX_BLOCK_DEPTH} levels deep and was not read`,
        );
      case 'invalid':
        return (problem.direct ? error : note)(
          'resource',
          problem.via,
          `resource '${problem.value}'${where} is not a Robot Framework resource (${problem.path ?? ''})`,
        );
      case 'missing':
        if (problem.direct) {
          return error('resource', problem.via, `resource file not found: '${problem.value}' (looked for ${problem.path ?? ''})`);
        }
        return note(
          'resource',
          problem.via,
          `resource '${problem.value}' imported by ${problem.importer} was not found (looked for ${problem.path ?? ''})`,
        );
    }
  });
}
