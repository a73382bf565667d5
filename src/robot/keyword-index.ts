// The keywords a suite can call, from its own Keywords section, its resources and its
// libraries; answers which keyword a called name runs and which known names are near it.

import { type Candidate, type PatternToken, WILDCARD, nearest } from './edit-distance.js';
import { embeddedKeyword, normalizeKeywordName, withoutBddPrefix } from './keyword-name.js';
import type { KeywordSpec } from './library-spec.js';
import { findVariables } from './variables.js';

/** Suggestions offered for one unknown call, as Robot Framework's own messages do. */
export const MAX_SUGGESTIONS = 3;

/**
 * Where Robot looks for a keyword, first to last: the file's own keywords, its resources,
 * third-party libraries, then the standard ones (which lose to a library of the same keyword).
 */
export const KEYWORD_TIERS = { own: 0, resource: 1, library: 2, standard: 3 } as const;

export interface KeywordSource {
  /** What a call may prefix names with (`Collections.`, `common.`); none for the suite. */
  qualifier: string | undefined;
  keywords: readonly KeywordSpec[];
  /** Robot's search order (KEYWORD_TIERS); lower wins. */
  tier?: number;
}

export interface KeywordMatch {
  keyword: KeywordSpec;
  /** The keyword takes arguments in its name (`Login As ${user}`). */
  embedded: boolean;
  tier: number;
}

/** A keyword whose embedded-argument pattern is not run: its arguments match any text instead. */
export interface UnsafePattern {
  name: string;
  reason: string;
}

interface IndexedSource {
  qualifier: string | undefined;
  tier: number;
  plain: Map<string, KeywordSpec[]>;
  embedded: Array<{ keyword: KeywordSpec; matches: (called: string) => boolean }>;
}

export class KeywordIndex {
  /** Keywords whose own patterns could not be matched safely, for the checks to report. */
  readonly unsafePatterns: UnsafePattern[] = [];
  private readonly sources: IndexedSource[];
  private readonly candidates: Candidate[];

  /** `bddPrefixes`: normalised prefixes of the file's languages, longest first. */
  constructor(
    sources: readonly KeywordSource[],
    private readonly bddPrefixes?: readonly string[],
  ) {
    this.sources = sources.map((source) => indexSource(source, this.unsafePatterns));
    this.candidates = sources.flatMap((source) => source.keywords.map(({ name }) => ({ display: name, pattern: suggestionPattern(name) })));
  }

  /** Whether `name` is a call of a known keyword, following Robot Framework's rules. */
  resolves(name: string): boolean {
    return this.find(name).length > 0;
  }

  /**
   * The keywords a call of `name` may run: those of the first tier that has one, exact
   * names before embedded ones, as Robot picks them. More than one means Robot cannot choose.
   */
  find(name: string): KeywordMatch[] {
    const direct = this.findDirectly(name);
    if (direct.length > 0) return direct;
    const stripped = withoutBddPrefix(name, this.bddPrefixes);
    return stripped === undefined ? [] : this.findDirectly(stripped);
  }

  /** Every known keyword name, as defined. */
  names(): string[] {
    return this.candidates.map((candidate) => candidate.display);
  }

  /** Known names near `name`, nearest first. */
  suggest(name: string, limit = MAX_SUGGESTIONS): string[] {
    const target = normalizeKeywordName(withoutBddPrefix(name, this.bddPrefixes) ?? name);
    return nearest(target, this.candidates, limit);
  }

  private findDirectly(name: string): KeywordMatch[] {
    const matches = this.sources.flatMap((source) => sourceMatches(source, name));
    // `Library.Keyword`, `resource.Keyword`: try every dot, since names may hold dots.
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const owner = normalizeKeywordName(name.slice(0, dot));
      const keyword = name.slice(dot + 1);
      for (const source of this.sources) {
        if (source.qualifier === owner) matches.push(...sourceMatches(source, keyword));
      }
    }
    if (matches.length === 0) return [];
    const tier = Math.min(...matches.map((match) => match.tier));
    const first = matches.filter((match) => match.tier === tier);
    const exact = first.filter((match) => !match.embedded);
    return exact.length > 0 ? exact : first;
  }
}

function indexSource(source: KeywordSource, unsafe: UnsafePattern[]): IndexedSource {
  const plain = new Map<string, KeywordSpec[]>();
  const embedded: IndexedSource['embedded'] = [];
  for (const keyword of source.keywords) {
    const pattern = embeddedKeyword(keyword.name);
    if (pattern === undefined) {
      const key = normalizeKeywordName(keyword.name);
      plain.set(key, [...(plain.get(key) ?? []), keyword]);
      continue;
    }
    embedded.push({ keyword, matches: pattern.matches });
    if (pattern.unsafe !== undefined) unsafe.push({ name: keyword.name, reason: pattern.unsafe });
  }
  return {
    qualifier: source.qualifier === undefined ? undefined : normalizeKeywordName(source.qualifier),
    tier: source.tier ?? KEYWORD_TIERS.own,
    plain,
    embedded,
  };
}

function sourceMatches(source: IndexedSource, name: string): KeywordMatch[] {
  const exact = (source.plain.get(normalizeKeywordName(name)) ?? []).map((keyword) => ({
    keyword,
    embedded: false,
    tier: source.tier,
  }));
  const embedded = source.embedded
    .filter(({ matches }) => matches(name))
    .map(({ keyword }) => ({ keyword, embedded: true, tier: source.tier }));
  return [...exact, ...embedded];
}

/** The normalised name with each embedded argument as a wildcard. */
function suggestionPattern(name: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  let after = 0;
  for (const variable of findVariables(name, '$')) {
    tokens.push(...normalizeKeywordName(name.slice(after, variable.start)), WILDCARD);
    after = variable.end;
  }
  tokens.push(...normalizeKeywordName(name.slice(after)));
  return tokens;
}
