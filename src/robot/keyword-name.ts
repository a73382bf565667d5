// Robot Framework's rules for matching a called name to a keyword: case, spaces and
// underscores ignored, BDD prefixes, and embedded arguments (`Login As ${user}`).

import { linearPattern } from './embedded-pattern.js';
import { findVariables } from './variables.js';

/** English; localised files bring their own (see languages.ts). */
const BDD_PREFIXES: readonly string[] = ['given', 'when', 'then', 'and', 'but'];
const DEFAULT_EMBEDDED_PATTERN = '.*?';
// Robot swaps variables in a call for a placeholder before matching, so `${user}`
// fills any embedded argument, even one with a custom pattern.
const VARIABLE_PLACEHOLDER = '\u0000var\u0000';
const INLINE_FLAGS = /^\(\?[aiLmsux]+(-[imsx]+)?\)/;

/** `Log_Many  Values` → `logmanyvalues`. */
export function normalizeKeywordName(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

/**
 * `Given the user logs in` → `the user logs in`; undefined without a BDD prefix. The
 * prefixes (normalised, longest first) may hold spaces: `étant donné que`.
 */
export function withoutBddPrefix(name: string, prefixes: readonly string[] = BDD_PREFIXES): string | undefined {
  const words = name.trim().split(/\s+/).join(' ');
  const lower = words.toLowerCase();
  const prefix = prefixes.find((candidate) => lower.startsWith(`${candidate} `));
  return prefix === undefined ? undefined : words.slice(prefix.length + 1);
}

/** How a keyword with embedded arguments is matched; `unsafe` says why its own patterns were set aside. */
export interface EmbeddedMatcher {
  matches: (called: string) => boolean;
  /** Why a custom pattern cannot be matched safely; the arguments then match any text, as without a pattern. */
  unsafe?: string;
}

/**
 * The matcher of a keyword defined with embedded arguments, or undefined for a plain
 * name. Literal parts match case-insensitively with any single whitespace for a space.
 */
export function embeddedMatcher(name: string): ((called: string) => boolean) | undefined {
  return embeddedKeyword(name)?.matches;
}

/** The matcher of a keyword with embedded arguments and, when its patterns were set aside, why. */
export function embeddedKeyword(name: string): EmbeddedMatcher | undefined {
  const normalized = name.trim().split(/\s+/).join(' ');
  const variables = findVariables(normalized, '$');
  if (variables.length === 0) return undefined;
  let source = '';
  let after = 0;
  for (const variable of variables) {
    source += escapeLiteral(normalized.slice(after, variable.start));
    source += `(?:${argumentPattern(variable.base)})`;
    after = variable.end;
  }
  source += escapeLiteral(normalized.slice(after));
  const custom = linearPattern(`^(?:${source})$`);
  const pattern = custom.ok ? custom : linearPattern(`^(?:${fallbackSource(normalized)})$`);
  if (!pattern.ok) return undefined;
  return {
    matches: (called) => pattern.matches(withPlaceholders(called)),
    ...(custom.ok ? {} : { unsafe: custom.reason }),
  };
}

function argumentPattern(base: string): string {
  const custom = customPattern(base);
  if (custom === undefined) return DEFAULT_EMBEDDED_PATTERN;
  const cleaned = custom.replace(INLINE_FLAGS, '');
  return `${cleaned}|${escapeLiteral(VARIABLE_PLACEHOLDER)}`;
}

/** `count:\d+` → `\d+`; `count: int:\d+` → `\d+`; `count: int` and `count` → none. */
function customPattern(base: string): string | undefined {
  const typed = /^([^:]+): ([^:]+)(:(.*))?$/s.exec(base);
  if (typed !== null) return typed[4];
  const colon = base.indexOf(':');
  return colon === -1 ? undefined : base.slice(colon + 1);
}

/** Every argument with the default pattern, when a custom one cannot be matched safely. */
function fallbackSource(normalized: string): string {
  let source = '';
  let after = 0;
  for (const variable of findVariables(normalized, '$')) {
    source += escapeLiteral(normalized.slice(after, variable.start)) + DEFAULT_EMBEDDED_PATTERN;
    after = variable.end;
  }
  return source + escapeLiteral(normalized.slice(after));
}

function withPlaceholders(called: string): string {
  let result = '';
  let after = 0;
  for (const variable of findVariables(called)) {
    result += called.slice(after, variable.start) + VARIABLE_PLACEHOLDER;
    after = variable.end;
  }
  return result + called.slice(after);
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s');
}
