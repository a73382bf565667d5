// Edit distance for "did you mean" suggestions, with wildcards so that a keyword with
// embedded arguments (`Login As ${user}`) can be near a call such as `Logn As admin`.

/** Stands for an embedded argument: matches any run of characters at no cost. */
export const WILDCARD = Symbol('wildcard');

export type PatternToken = string | typeof WILDCARD;

/** Near enough to suggest: at most this share of a candidate's characters change... */
const NEAR_SHARE = 1 / 3;
/** ...but short names may always differ by this many edits. */
const NEAR_MINIMUM = 2;

/** Levenshtein distance between a pattern of characters and wildcards and a text. */
export function patternDistance(pattern: readonly PatternToken[], text: string): number {
  let previous = Array.from({ length: text.length + 1 }, (_, column) => column);
  for (const token of pattern) {
    const row = [token === WILDCARD ? previous[0]! : previous[0]! + 1];
    for (let column = 1; column <= text.length; column += 1) {
      if (token === WILDCARD) {
        // Either the wildcard stops before this character or it swallows it too.
        row.push(Math.min(previous[column]!, row[column - 1]!));
      } else {
        const substitution = previous[column - 1]! + (token === text[column - 1] ? 0 : 1);
        row.push(Math.min(previous[column]! + 1, row[column - 1]! + 1, substitution));
      }
    }
    previous = row;
  }
  return previous[text.length]!;
}

export function editDistance(a: string, b: string): number {
  return patternDistance([...a], b);
}

export interface Candidate {
  /** Shown to the user. */
  display: string;
  /** Compared with the normalised target. */
  pattern: readonly PatternToken[];
}

/**
 * Up to `limit` candidates near `target`, nearest first. Nearness counts the candidate's
 * own literal characters, not the target's, so a wildcard cannot make everything near.
 */
export function nearest(target: string, candidates: readonly Candidate[], limit: number): string[] {
  const scored = new Map<string, number>();
  for (const candidate of candidates) {
    const literal = candidate.pattern.filter((token) => token !== WILDCARD).length;
    const distance = patternDistance(candidate.pattern, target);
    const known = scored.get(candidate.display);
    const allowed = Math.max(NEAR_MINIMUM, Math.floor(literal * NEAR_SHARE));
    if (distance <= allowed && (known === undefined || distance < known)) {
      scored.set(candidate.display, distance);
    }
  }
  return [...scored.entries()]
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, limit)
    .map(([display]) => display);
}
