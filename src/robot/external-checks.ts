// The seam for the field's own tools that judge a whole suite with its resources and
// libraries (RobotCode's analyzer, Robocop): what they are given, and how their findings
// join ours without saying the same thing twice.

import type { RobotProject } from './namespace.js';
import type { Finding, FindingKind } from './problems.js';
import type { ReadFile } from './resource-imports.js';
import type { FileKind } from './setting-names.js';

/** A suite as the checks read it, with the files it brings in. */
export interface CheckedSuite {
  /** POSIX path: repository-relative in a generation, on disk for lint. */
  path: string;
  text: string;
  kind: FileKind;
  /** Resources it imports, directly or not, as read; `via` is the suite's import line that leads there. */
  resources: ReadonlyArray<{ path: string; via: number }>;
  /** Library files of the repository whose source gave keywords (`.py` files, packages' `__init__.py`). */
  libraryFiles: readonly string[];
  /** Variable files it imports, as read. */
  variableFiles: readonly string[];
  /** It, or a resource it reaches, imports libraries or resources while it runs (`Import Library`), which the tools do not follow. */
  importsAtRunTime: boolean;
  /** The team's settings the checks used: languages, search path, variables given on the command line. */
  project: RobotProject;
  readFile: ReadFile;
}

/** How notes name RobotCode's analyzer; `--validate robotcode` fails when it does. */
export const ROBOTCODE_ANALYZER = "RobotCode's analyzer";

export interface ExternalCheck {
  /** How notes name it: "RobotCode's analyzer", "Robocop". */
  readonly name: string;
  /** Findings on the suite's own lines; throws when the tool fails. */
  check(suite: CheckedSuite, signal?: AbortSignal): Promise<Finding[]>;
  /** The files a run will check (a lint) with the team's settings of each: a tool may judge them together. */
  expect?(files: ReadonlyArray<{ path: string; project: RobotProject }>): void;
}

/**
 * Our checks judge every call and every variable in the file's whole namespace (run-time
 * imports, every resource format, variables set anywhere, the command line's): a tool's
 * word on those counts only where ours say they could not judge.
 */
const JUDGED_BY_US: ReadonlySet<FindingKind> = new Set(['keyword', 'undefined-variable']);

/** Theirs join ours unless one of ours already reports the same kind of problem on that line, or judged it. */
export function mergeExternalFindings(ours: readonly Finding[], theirs: readonly Finding[]): Finding[] {
  const reported = new Set(ours.filter((finding) => finding.kind !== 'robot').map((finding) => `${finding.line}:${finding.kind}`));
  const messages = new Set(ours.map((finding) => `${finding.line}:${bare(finding.message)}`));
  const unchecked = new Set(ours.flatMap((finding) => finding.unchecked?.lines.map((line) => `${line}:${finding.unchecked!.kind}`) ?? []));
  const added = theirs.filter(
    (finding) =>
      !reported.has(`${finding.line}:${finding.kind}`) &&
      !messages.has(`${finding.line}:${bare(finding.message)}`) &&
      // Where ours could not judge, their errors count; their notes only repeat ours.
      (!JUDGED_BY_US.has(finding.kind) || (finding.severity === 'error' && unchecked.has(`${finding.line}:${finding.kind}`))),
  );
  return [...ours, ...added];
}

/** A message without the `Tool: ` prefix, to spot two tools quoting Robot Framework alike. */
function bare(message: string): string {
  return message.replace(/^(Robot Framework|RobotCode|Robocop[^:]*): /, '');
}
