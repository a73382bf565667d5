// Checks a Robot Framework suite before it is written or linted: our own reading of
// structure, resources and keyword calls, merged with Robot Framework's parser and, when
// given, the field's tools (RobotCode's analyzer, Robocop) run by the run's Python helper.

import path from 'node:path';

import { UsageError } from '../errors.js';
import type { PythonHelper } from '../python/python-helper.js';
import { type CheckedSuite, type ExternalCheck, mergeExternalFindings } from './external-checks.js';
import { keywordFindings } from './keyword-checks.js';
import { libraryImports } from './library-imports.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';
import { type CheckResult, type Finding, error, note, toCheckResult } from './problems.js';
import { readRobot } from './reader.js';
import { type ReadFile, type ResourceGraph, loadResources } from './resource-imports.js';
import { mergeRobotVerdict } from './robot-findings.js';
import { robotParserAvailable, robotVerdict } from './robot-parser.js';
import type { FileKind } from './setting-names.js';
import { libraryFile } from './source-library-resolver.js';
import { syntaxFindings } from './syntax-checks.js';

export type { CheckResult, SuiteProblem } from './problems.js';

export type Validation = 'auto' | 'robot' | 'robotcode' | 'builtin';

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
  /** The run's Python helper; the process-wide one when not given. */
  python?: PythonHelper;
  /** Where the keywords of imported libraries come from (the run's chain of sources). */
  libraries?: LibraryResolver;
  /** The field's tools to run on the suite with its resources and libraries. */
  externalChecks?: readonly ExternalCheck[];
  /** Stops the checks and the helper when the run is interrupted. */
  signal?: AbortSignal;
}

export const ROBOT_REQUIRED_MESSAGE =
  'Robot Framework is not installed for python3 (pip install robotframework), required by --validate robot';

export async function checkSuite(text: string, options: CheckOptions): Promise<CheckResult> {
  const validate = options.validate ?? 'auto';
  const useRobot = await shouldUseRobot(validate, options.python);
  const kind = fileKindOf(options.suitePath);
  const file = readRobot(text);
  const [graph, withRobot] = await Promise.all([
    loadResources(file, options.suitePath, options.readFile),
    useRobot ? askRobot(text, kind, validate, options) : (ours: Finding[]) => ours,
  ]);
  const imports = libraryImports(file, options.suitePath, graph);
  const suite: CheckedSuite = {
    path: options.suitePath,
    text,
    kind,
    resources: graph.resources.map((resource) => ({ path: resource.path, via: resource.via })),
    libraryFiles: imports.flatMap((library) => libraryFile(library)?.file ?? []),
    readFile: options.readFile,
  };
  const [libraries, external] = await Promise.all([
    resolveLibraries(imports, options.libraries, options.signal),
    validate === 'builtin' ? [] : runExternalChecks(suite, options.externalChecks ?? [], validate, options.signal),
  ]);
  const ours = withRobot([...syntaxFindings(file, kind), ...resourceFindings(graph), ...keywordFindings(file, graph, libraries)]);
  return toCheckResult(mergeExternalFindings(ours, external));
}

/** Robot accepts different sections and settings in resource and `__init__` files. */
export function fileKindOf(suitePath: string): FileKind {
  const name = path.posix.basename(suitePath).toLowerCase();
  if (name.startsWith('__init__.')) return 'init';
  if (name.endsWith('.resource')) return 'resource';
  return 'suite';
}

async function shouldUseRobot(validate: Validation, python: PythonHelper | undefined): Promise<boolean> {
  if (validate === 'builtin') return false;
  const available = await robotParserAvailable(python);
  if ((validate === 'robot' || validate === 'robotcode') && !available) throw new UsageError(ROBOT_REQUIRED_MESSAGE);
  return available;
}

/**
 * How Robot's verdict joins ours. In 'auto' mode a parser that breaks (an old Robot,
 * a crash) costs a note, not the check.
 */
async function askRobot(
  text: string,
  kind: FileKind,
  validate: Validation,
  options: CheckOptions,
): Promise<(ours: Finding[]) => Finding[]> {
  try {
    const verdict = await robotVerdict(text, kind, { python: options.python, signal: options.signal });
    return (ours) => mergeRobotVerdict(ours, verdict);
  } catch (cause) {
    if (validate !== 'auto' || isInterrupt(cause)) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return (ours) => [...ours, note('robot', 1, `${reason}; only the built-in checks ran`)];
  }
}

/** Library name (as imported) to what the run's sources know of it. */
async function resolveLibraries(
  imports: readonly LibraryImport[],
  resolver: LibraryResolver | undefined,
  signal: AbortSignal | undefined,
): Promise<Map<string, LibrarySpec>> {
  const known = new Map<string, LibrarySpec>();
  if (resolver === undefined) return known;
  const specs = await Promise.all(imports.map((library) => resolver.resolve(library, signal)));
  imports.forEach((library, index) => {
    const spec = specs[index];
    if (spec !== undefined && !known.has(library.name)) known.set(library.name, spec);
  });
  return known;
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
    if (isInterrupt(cause) || (validate === 'robotcode' && checks[index]!.name === "RobotCode's analyzer")) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return [note('robot', 1, `${checks[index]!.name} failed (${reason}); its checks were skipped`)];
  });
}

function isInterrupt(cause: unknown): boolean {
  return cause instanceof Error && cause.name === 'InterruptedError';
}

function resourceFindings(graph: ResourceGraph): Finding[] {
  return graph.problems.map((problem) => {
    if (problem.reason === 'variables') {
      const where = problem.direct ? '' : ` (imported by ${problem.importer})`;
      return note('resource', problem.via, `resource '${problem.value}'${where} has variables in its path and was not checked`);
    }
    if (problem.direct) {
      return error('resource', problem.via, `resource file not found: '${problem.value}' (looked for ${problem.path ?? ''})`);
    }
    return note('resource', problem.via, `resource '${problem.value}' imported by ${problem.importer} was not found (looked for ${problem.path ?? ''})`);
  });
}
