// Checks a Robot Framework suite before it is written or linted: our own reading of
// structure, resources and keyword calls, merged with Robot Framework's parser when present.

import path from 'node:path';

import { InterruptedError, UsageError } from '../errors.js';
import { keywordFindings } from './keyword-checks.js';
import { MAX_BLOCK_DEPTH, blockTooDeep } from './nesting.js';
import { type CheckResult, type Finding, error, note, toCheckResult } from './problems.js';
import { readRobot } from './reader.js';
import { type ReadFile, type ResourceGraph, loadResources } from './resource-imports.js';
import { mergeRobotVerdict } from './robot-findings.js';
import { robotParserAvailable, robotVerdict } from './robot-parser.js';
import type { FileKind } from './setting-names.js';
import { syntaxFindings } from './syntax-checks.js';

export type { CheckResult, SuiteProblem } from './problems.js';

export type Validation = 'auto' | 'robot' | 'builtin';

export interface CheckOptions {
  /** POSIX path of the suite: repo-relative (tests/orders/x.robot) or on disk for lint. */
  suitePath: string;
  /** Text of a file, or undefined when it does not exist. */
  readFile: ReadFile;
  /** 'builtin' never runs Python; 'auto' uses Robot Framework when installed; 'robot' requires it. */
  validate?: Validation;
  /** Ctrl-C: stops Robot Framework's parser and ends the check with InterruptedError. */
  signal?: AbortSignal;
}

export const ROBOT_REQUIRED_MESSAGE =
  'Robot Framework is not installed for python3 (pip install robotframework), required by --validate robot';

export async function checkSuite(text: string, options: CheckOptions): Promise<CheckResult> {
  const validate = options.validate ?? 'auto';
  const useRobot = await shouldUseRobot(validate);
  const kind = fileKindOf(options.suitePath);
  const file = readRobot(text);
  // The other checks, and Robot's own parser, would overflow their stacks on such a file.
  const tooDeep = blockTooDeep(file);
  if (tooDeep !== undefined) {
    return toCheckResult([error('nesting', tooDeep, `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep; nothing else was checked`)]);
  }
  const [graph, withRobot] = await Promise.all([
    loadResources(file, options.suitePath, options.readFile),
    useRobot ? askRobot(text, kind, validate, options.signal) : (ours: Finding[]) => ours,
  ]);
  if (options.signal?.aborted) throw new InterruptedError();
  return toCheckResult(
    withRobot([...syntaxFindings(file, kind), ...resourceFindings(graph), ...keywordFindings(file, graph)]),
  );
}

/** Robot accepts different sections and settings in resource and `__init__` files. */
export function fileKindOf(suitePath: string): FileKind {
  const name = path.posix.basename(suitePath).toLowerCase();
  if (name.startsWith('__init__.')) return 'init';
  if (name.endsWith('.resource')) return 'resource';
  return 'suite';
}

async function shouldUseRobot(validate: Validation): Promise<boolean> {
  if (validate === 'builtin') return false;
  const available = await robotParserAvailable();
  if (validate === 'robot' && !available) throw new UsageError(ROBOT_REQUIRED_MESSAGE);
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
  signal: AbortSignal | undefined,
): Promise<(ours: Finding[]) => Finding[]> {
  try {
    const verdict = await robotVerdict(text, kind, signal);
    return (ours) => mergeRobotVerdict(ours, verdict);
  } catch (cause) {
    if (validate === 'robot' || cause instanceof InterruptedError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return (ours) => [...ours, note('robot', 1, `${reason}; only the built-in checks ran`)];
  }
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
