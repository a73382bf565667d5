// Checks that every keyword call resolves to the suite, its resources or an imported
// library, and that it gets the arguments the keyword takes. A call that may come from a
// source nobody can read gets one note, unless it is a near miss of a known keyword.

import { argumentProblem, namedArgumentName, parseArgumentSpec } from './argument-spec.js';
import { keywordCalls, type CallSite } from './keyword-calls.js';
import { KEYWORD_TIERS, type KeywordIndex, type KeywordMatch } from './keyword-index.js';
import { normalizeKeywordName, withoutBddPrefix } from './keyword-name.js';
import { type UnknownSource, standardLibraryWith } from './keyword-sources.js';
import type { RobotFile } from './model.js';
import { vocabularyOf } from './languages.js';
import { NearMisses } from './near-miss.js';
import { type Finding, error, note } from './problems.js';
import { containsVariable } from './variables.js';

/** Calls named in the note about unknown sources; the count covers the rest. */
const MAX_LISTED_CALLS = 5;

export interface FileKeywords {
  index: KeywordIndex;
  unknown: readonly UnknownSource[];
}

export function keywordFindings(file: RobotFile, { index, unknown }: FileKeywords): Finding[] {
  const findings: Finding[] = unsafePatternFindings(index, file);
  const accepted: CallSite[] = [];
  const bddPrefixes = vocabularyOf(file.languages).bddPrefixes;
  // Built on the first call that resolves nowhere: most files have none.
  let nearMisses: NearMisses | undefined;
  for (const call of keywordCalls(file)) {
    // A keyword named by a variable is chosen at run time.
    if (containsVariable(call.name)) continue;
    const matches = index.find(call.name);
    if (matches.length > 0) {
      const runner = call.via === undefined ? undefined : index.find(call.via);
      const countable = call.args !== undefined && certain(matches, unknown) && (runner === undefined || certain(runner, unknown));
      const problem = countable ? argumentsProblem({ ...call, args: withoutRunnerOptions(call.args!, runner) }, matches) : undefined;
      if (problem !== undefined) findings.push(error('arguments', call.line, problem));
      continue;
    }
    if (unknown.length === 0) {
      findings.push(error('keyword', call.line, unknownKeywordMessage(call.name), index.suggest(call.name)));
      continue;
    }
    // A near miss of a known keyword is a typo, whatever else the suite imports; but
    // `Library.Keyword` of a library we cannot read is that library's business.
    nearMisses ??= new NearMisses(index.names());
    if (!qualifiedByUnknown(call.name, unknown) && nearMisses.has(withoutBddPrefix(call.name, bddPrefixes) ?? call.name)) {
      findings.push(error('keyword', call.line, `unknown keyword '${call.name}'`, index.suggest(call.name)));
    } else {
      accepted.push(call);
    }
  }
  if (accepted.length > 0) findings.push(unknownSourcesNote(accepted, unknown));
  return findings;
}

/**
 * Patterns of the file's own keywords set aside as unsafe, reported where the keyword is
 * defined; a resource's are reported when the resource itself is checked.
 */
function unsafePatternFindings(index: KeywordIndex, file: RobotFile): Finding[] {
  return index.unsafePatterns.flatMap(({ name, reason }) => {
    const own = file.keywords.find((keyword) => keyword.name === name);
    if (own === undefined) return [];
    return [
      note(
        'embedded-pattern',
        own.line,
        `keyword '${name}' has an embedded argument pattern that cannot be matched safely (${reason}); its arguments were matched as any text`,
      ),
    ];
  });
}

/** What Robot would say about the call's arguments, when the keyword it runs is certain. */
function argumentsProblem(call: CallSite, matches: readonly KeywordMatch[]): string | undefined {
  const specs = new Set(matches.map((match) => JSON.stringify(match.keyword.args ?? null)));
  // Several keywords of one tier are Robot's ambiguity error at run time, not a count to check.
  if (specs.size !== 1) return undefined;
  const [match] = matches;
  if (match?.keyword.args === undefined) return undefined;
  const problem = argumentProblem(
    parseArgumentSpec(match.keyword.args),
    call.args!.map((cell) => cell.value),
  );
  if (problem === undefined) return undefined;
  return `'${match.embedded ? call.name : match.keyword.name}' ${problem}`;
}

/**
 * The arguments of a keyword a runner calls, without the runner's own named-only options
 * at the end (Browser's `Register Keyword To Run On Failure  Kw  arg  scope=Test`).
 */
function withoutRunnerOptions(
  args: NonNullable<CallSite['args']>,
  runner: readonly KeywordMatch[] | undefined,
): NonNullable<CallSite['args']> {
  const spec = runner?.length === 1 && runner[0]!.keyword.args !== undefined ? parseArgumentSpec(runner[0]!.keyword.args) : undefined;
  if (spec === undefined || spec.namedOnly.length === 0) return args;
  let end = args.length;
  while (end > 0 && spec.namedOnly.includes(namedArgumentName(args[end - 1]!.value) ?? '')) end -= 1;
  return args.slice(0, end);
}

/**
 * Whether the call surely runs the matched keyword: an unknown library may have a keyword
 * of the same name, which Robot prefers to a standard library's (Browser has its own
 * `Register Keyword To Run On Failure`).
 */
function certain(matches: readonly KeywordMatch[], unknown: readonly UnknownSource[]): boolean {
  return matches.length > 0 && (unknown.length === 0 || matches.every((match) => match.tier !== KEYWORD_TIERS.standard));
}

function qualifiedByUnknown(name: string, unknown: readonly UnknownSource[]): boolean {
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
    const owner = normalizeKeywordName(name.slice(0, dot));
    if (unknown.some((source) => source.qualifier === owner)) return true;
  }
  return false;
}

function unknownSourcesNote(accepted: readonly CallSite[], unknown: readonly UnknownSource[]): Finding {
  const names = [...new Set(accepted.map((call) => call.name))];
  const listed = names
    .slice(0, MAX_LISTED_CALLS)
    .map((name) => `'${name}'`)
    .join(', ');
  const more = names.length > MAX_LISTED_CALLS ? ` and ${names.length - MAX_LISTED_CALLS} more` : '';
  const from = [...new Set(unknown.map((source) => source.name))].join(', ');
  return {
    ...note(
      'unknown-sources',
      Math.min(...unknown.map((source) => source.line)),
      `keywords not found in the file, its resources or its known libraries were not checked; ` +
        `they may come from ${from}: ${listed}${more}`,
    ),
    unchecked: { kind: 'keyword', lines: accepted.map((call) => call.line) },
  };
}

/** The hint names a standard library only when nothing imported could have the keyword. */
function unknownKeywordMessage(name: string): string {
  const library = standardLibraryWith(name);
  return library === undefined
    ? `unknown keyword '${name}'`
    : `unknown keyword '${name}' (it is in the ${library} library, which is not imported)`;
}
