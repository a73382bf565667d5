// Edit distance for "did you mean" suggestions, with wildcards so that a keyword with
// embedded arguments (`Login As ${user}`) can be near a call such as `Logn As admin`.
// A search is bounded: candidates are screened by the characters they share with
// the target, only the most promising are compared in full, and each comparison
// stops once it exceeds what would still count as near.

/** Stands for an embedded argument: matches any run of characters at no cost. */
export const WILDCARD = Symbol('wildcard');

export type PatternToken = string | typeof WILDCARD;

/** Near enough to suggest: at most this share of a candidate's characters change... */
const NEAR_SHARE = 1 / 3;
/** ...but short names may always differ by this many edits. */
const NEAR_MINIMUM = 2;
/** A name this long is no typo of a keyword; nothing is searched for it. */
const MAX_TARGET_CHARS = 200;
/** Candidates compared in full per search, those sharing the most characters with the target first. */
const MAX_COMPARED_CANDIDATES = 100;

/**
 * Levenshtein distance between a pattern of characters and wildcards and a text.
 * With `max`, the result is only exact up to `max`: anything larger comes back as max + 1.
 */
export function patternDistance(pattern: readonly PatternToken[], text: string, max = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: text.length + 1 }, (_, column) => column);
  for (const token of pattern) {
    const row = [token === WILDCARD ? previous[0]! : previous[0]! + 1];
    let best = row[0]!;
    for (let column = 1; column <= text.length; column += 1) {
      let cell: number;
      if (token === WILDCARD) {
        // Either the wildcard stops before this character or it swallows it too.
        cell = Math.min(previous[column]!, row[column - 1]!);
      } else {
        const substitution = previous[column - 1]! + (token === text[column - 1] ? 0 : 1);
        cell = Math.min(previous[column]! + 1, row[column - 1]! + 1, substitution);
      }
      row.push(cell);
      if (cell < best) best = cell;
    }
    // Every later row is at least this row's minimum: the distance can only exceed max.
    if (best > max) return max + 1;
    previous = row;
  }
  return Math.min(previous[text.length]!, max + 1);
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

/** What the screening needs of a candidate, worked out once per list of candidates. */
interface Profile {
  candidate: Candidate;
  /** Edits that still count as near. */
  allowed: number;
  literal: number;
  wildcard: boolean;
  /** The distinct UTF-16 code units of the literal characters, and how often each occurs. */
  units: Uint16Array;
  counts: Uint16Array;
}

const profiles = new WeakMap<readonly Candidate[], Profile[]>();

function profilesOf(candidates: readonly Candidate[]): Profile[] {
  let found = profiles.get(candidates);
  if (found === undefined) {
    found = candidates.map(profileOf);
    profiles.set(candidates, found);
  }
  return found;
}

function profileOf(candidate: Candidate): Profile {
  const counts = new Map<number, number>();
  let literal = 0;
  for (const token of candidate.pattern) {
    if (token === WILDCARD) continue;
    for (let index = 0; index < token.length; index += 1) {
      const unit = token.charCodeAt(index);
      counts.set(unit, (counts.get(unit) ?? 0) + 1);
      literal += 1;
    }
  }
  return {
    candidate,
    allowed: Math.max(NEAR_MINIMUM, Math.floor(literal * NEAR_SHARE)),
    literal,
    wildcard: candidate.pattern.includes(WILDCARD),
    units: Uint16Array.from(counts.keys()),
    counts: Uint16Array.from(counts.values()),
  };
}

/** Counts of the target's code units, filled for one search and emptied after it. */
const targetCounts = new Uint32Array(0x10000);

/**
 * A lower bound of the distance from the characters alone: each edit adds or removes at
 * most one of the pattern's missing and one of the text's extra characters; a wildcard
 * takes extra characters for free.
 */
function lowerBound(profile: Profile, targetLength: number): number {
  let common = 0;
  for (let index = 0; index < profile.units.length; index += 1) {
    common += Math.min(profile.counts[index]!, targetCounts[profile.units[index]!]!);
  }
  const missing = profile.literal - common;
  return profile.wildcard ? missing : Math.max(missing, targetLength - common);
}

/**
 * Up to `limit` candidates near `target`, nearest first. Nearness counts the candidate's
 * own literal characters, not the target's, so a wildcard cannot make everything near.
 */
export function nearest(target: string, candidates: readonly Candidate[], limit: number): string[] {
  if (target.length > MAX_TARGET_CHARS) return [];
  for (let index = 0; index < target.length; index += 1) targetCounts[target.charCodeAt(index)]! += 1;
  // Screened candidates by their lower bound, so the most promising are compared first.
  const byBound: Profile[][] = [];
  try {
    for (const profile of profilesOf(candidates)) {
      // The length alone rules most candidates out, before their characters are counted.
      const shortBy = profile.literal - target.length;
      if (shortBy > profile.allowed || (!profile.wildcard && -shortBy > profile.allowed)) continue;
      const bound = lowerBound(profile, target.length);
      if (bound <= profile.allowed) (byBound[bound] ??= []).push(profile);
    }
  } finally {
    for (let index = 0; index < target.length; index += 1) targetCounts[target.charCodeAt(index)] = 0;
  }
  const compared = byBound.flatMap((group) => group ?? []).slice(0, MAX_COMPARED_CANDIDATES);
  const scored = new Map<string, number>();
  for (const { candidate, allowed } of compared) {
    const distance = patternDistance(candidate.pattern, target, allowed);
    const known = scored.get(candidate.display);
    if (distance <= allowed && (known === undefined || distance < known)) scored.set(candidate.display, distance);
  }
  return [...scored.entries()]
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, limit)
    .map(([display]) => display);
}
