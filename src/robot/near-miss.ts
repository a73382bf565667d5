// Whether an unknown call is a typo of a known keyword: a name one edit away, a swapped
// pair of letters counting as one. Stricter than suggestions, because a near miss is an
// error even where unknown libraries might define the call.

import { normalizeKeywordName } from './keyword-name.js';

/** Shorter names are one edit from too much (`Long` and `Log`, Browser's `Set Time` and `Get Time`). */
const MIN_NEAR_MISS_LENGTH = 8;

/** Known plain names by length, so a call is compared only with names of about its own length. */
export class NearMisses {
  private readonly byLength = new Map<number, Set<string>>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      // Embedded arguments make any name near; only plain names count as typos.
      if (name.includes('${')) continue;
      const known = normalizeKeywordName(name);
      if (known.length < MIN_NEAR_MISS_LENGTH) continue;
      const same = this.byLength.get(known.length) ?? new Set<string>();
      same.add(known);
      this.byLength.set(known.length, same);
    }
  }

  /** Whether `called` (without a BDD prefix) is a typo of a known name. */
  has(called: string): boolean {
    const target = normalizeKeywordName(called);
    for (const length of [target.length - 1, target.length, target.length + 1]) {
      for (const known of this.byLength.get(length) ?? []) if (oneEditApart(target, known)) return true;
    }
    return false;
  }
}

/**
 * A typo is one edit: one character changed, added or dropped, or two neighbours swapped.
 * More would also take in real keywords of unknown libraries (`Open Connection` and
 * `Open Connections`, `Add Cookie` and `Add Cookies` are already this close).
 */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let at = 0;
  while (at < short.length && short[at] === long[at]) at += 1;
  if (short.length !== long.length) return short.slice(at) === long.slice(at + 1);
  if (short.slice(at + 1) === long.slice(at + 1)) return true;
  return short[at] === long[at + 1] && short[at + 1] === long[at] && short.slice(at + 2) === long.slice(at + 2);
}
