// Whether an unknown call is a typo of a known keyword: a name one edit away (a swapped
// pair of letters counts as one), or a few more in long names. Stricter than suggestions,
// because a near miss is an error even where unknown libraries might define the call.

import { normalizeKeywordName } from './keyword-name.js';

/** Long names may differ by one more edit per this many characters. */
const CHARACTERS_PER_EDIT = 8;

/** `suggestions`: known names near the call, from the keyword index. */
export function isNearMiss(called: string, suggestions: readonly string[]): boolean {
  const target = normalizeKeywordName(called);
  return suggestions.some((name) => {
    // Embedded arguments make any name near; only plain names count as typos.
    if (name.includes('${')) return false;
    const known = normalizeKeywordName(name);
    const allowed = Math.max(1, Math.floor(known.length / CHARACTERS_PER_EDIT));
    return transpositionDistance(target, known) <= allowed;
  });
}

/** Edits between two strings, where swapping two neighbouring characters is one edit. */
function transpositionDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
