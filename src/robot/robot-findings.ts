// Folds Robot Framework's parser verdict into our findings: its messages are prefixed
// and kept, except where one of ours already reports the same problem on the same line.

import { type Finding, type FindingKind, error, note } from './problems.js';
import type { RobotVerdict } from './robot-parser.js';

export const ROBOT_PREFIX = 'Robot Framework: ';

/** Robot's messages by the kind of problem, to spot the ones we already report. */
const ROBOT_MESSAGE_KINDS: ReadonlyArray<readonly [RegExp, FindingKind]> = [
  [
    /^Unrecognized section header|^Resource file with '.*' section is invalid|section is not allowed in suite initialization file/,
    'section',
  ],
  [/^Singular section headers/, 'singular-header'],
  [/^Invalid language configuration/, 'language'],
  [/^The '\[Return\]' setting is deprecated/, 'return-setting'],
  [/^Non-existing setting|^Setting '.*' is not allowed in|^Setting '.*' is not allowed with/, 'setting'],
  [/^Setting '.*' is allowed only once\./, 'duplicate-setting'],
  [/^Invalid variable name/, 'variable'],
  // A call without a keyword, as Robot reports it when the test runs (RobotCode's analyzer does too).
  [/^Keyword name cannot be empty\.$/, 'missing-keyword'],
  [/name cannot be empty\.$/, 'empty-name'],
  [/^(Test|Task|User keyword) cannot be empty\.$/, 'empty-body'],
  [/cannot be empty\.$/, 'empty-block'],
  [/must have closing END\.$/, 'unclosed'],
  [/^TRY structure must have EXCEPT or FINALLY branch\.$/, 'try-branches'],
  [/^(END|ELSE|ELSE IF|EXCEPT|FINALLY) is not allowed in this context\.$/, 'stray'],
  [/^(RETURN|BREAK|CONTINUE) (is not allowed in this context|can only be used inside|cannot be used in FINALLY)/, 'misplaced'],
  // Robot's argument validation, as RobotCode's analyzer reports it.
  [
    /^Keyword '.*' (expected .* got \d+|got multiple values for argument|missing value for argument|missing named-only argument|got unexpected named argument|got positional argument after named)/,
    'arguments',
  ],
];

export function robotKindOf(message: string): FindingKind {
  return ROBOT_MESSAGE_KINDS.find(([pattern]) => pattern.test(message))?.[1] ?? 'robot';
}

export function mergeRobotVerdict(ours: readonly Finding[], verdict: RobotVerdict): Finding[] {
  const theirs = [
    ...verdict.errors.map((problem) => error(robotKindOf(problem.message), problem.line, ROBOT_PREFIX + problem.message)),
    ...verdict.warnings.map((problem) => note(robotKindOf(problem.message), problem.line, ROBOT_PREFIX + problem.message)),
  ];
  const reported = new Set(ours.map((finding) => `${finding.line}:${finding.kind}`));
  const added = theirs.filter((finding) => finding.kind === 'robot' || !reported.has(`${finding.line}:${finding.kind}`));
  return [...ours, ...added];
}
