// The keywords a suite can call, from its own Keywords section, its resources and its
// libraries; answers whether a called name resolves and which known names are near it.

import { type Candidate, type PatternToken, WILDCARD, nearest } from './edit-distance.js';
import { embeddedKeyword, normalizeKeywordName, withoutBddPrefix } from './keyword-name.js';
import { findVariables } from './variables.js';

/** Suggestions offered for one unknown call, as Robot Framework's own messages do. */
export const MAX_SUGGESTIONS = 3;

export interface KeywordSource {
  /** What a call may prefix names with (`Collections.`, `common.`); none for the suite. */
  qualifier: string | undefined;
  names: readonly string[];
}

interface IndexedSource {
  qualifier: string | undefined;
  plain: Set<string>;
  embedded: Array<(called: string) => boolean>;
}

/** A keyword whose embedded-argument pattern is not run: its arguments match any text instead. */
export interface UnsafePattern {
  name: string;
  reason: string;
}

export class KeywordIndex {
  /** Keywords whose own patterns could not be matched safely, for the checks to report. */
  readonly unsafePatterns: UnsafePattern[] = [];
  private readonly sources: IndexedSource[];
  private readonly candidates: Candidate[];

  constructor(sources: readonly KeywordSource[]) {
    this.sources = sources.map((source) => indexSource(source, this.unsafePatterns));
    this.candidates = sources.flatMap((source) =>
      source.names.map((name) => ({ display: name, pattern: suggestionPattern(name) })),
    );
  }

  /** Whether `name` is a call of a known keyword, following Robot Framework's rules. */
  resolves(name: string): boolean {
    if (this.resolvesDirectly(name)) return true;
    const stripped = withoutBddPrefix(name);
    return stripped !== undefined && this.resolvesDirectly(stripped);
  }

  /** Known names near `name`, nearest first. */
  suggest(name: string, limit = MAX_SUGGESTIONS): string[] {
    const target = normalizeKeywordName(withoutBddPrefix(name) ?? name);
    return nearest(target, this.candidates, limit);
  }

  private resolvesDirectly(name: string): boolean {
    if (this.sources.some((source) => sourceHas(source, name))) return true;
    // `Library.Keyword`, `resource.Keyword`: try every dot, since names may hold dots.
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const owner = normalizeKeywordName(name.slice(0, dot));
      const keyword = name.slice(dot + 1);
      const owners = this.sources.filter((source) => source.qualifier === owner);
      if (owners.some((source) => sourceHas(source, keyword))) return true;
    }
    return false;
  }
}

function indexSource(source: KeywordSource, unsafe: UnsafePattern[]): IndexedSource {
  const plain = new Set<string>();
  const embedded: Array<(called: string) => boolean> = [];
  for (const name of source.names) {
    const keyword = embeddedKeyword(name);
    if (keyword === undefined) {
      plain.add(normalizeKeywordName(name));
      continue;
    }
    embedded.push(keyword.matches);
    if (keyword.unsafe !== undefined) unsafe.push({ name, reason: keyword.unsafe });
  }
  return {
    qualifier: source.qualifier === undefined ? undefined : normalizeKeywordName(source.qualifier),
    plain,
    embedded,
  };
}

function sourceHas(source: IndexedSource, name: string): boolean {
  return source.plain.has(normalizeKeywordName(name)) || source.embedded.some((matches) => matches(name));
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
