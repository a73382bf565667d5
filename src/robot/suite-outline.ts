// The outline of a suite, its test cases (and tasks) and its keywords by name,
// and what an update did to it: which of them came and which went.

import { normalizeKeywordName } from './keyword-name.js';
import { readRobot } from './reader.js';

/** A test case (or task) or a keyword of a suite, by name. */
export interface SuiteItem {
  kind: 'test' | 'keyword';
  name: string;
}

export interface OutlineChange {
  added: SuiteItem[];
  removed: SuiteItem[];
}

export function suiteOutline(text: string): SuiteItem[] {
  const file = readRobot(text);
  return [
    ...file.tests.map((test) => ({ kind: 'test' as const, name: test.name })),
    ...file.keywords.map((keyword) => ({ kind: 'keyword' as const, name: keyword.name })),
  ].filter((item) => item.name !== '');
}

/**
 * Items of `after` that `before` lacks, and the other way round. Names compare as
 * Robot Framework matches them (case, spaces and underscores ignored); a name that
 * appeared twice and now once counts as removed once.
 */
export function compareOutlines(before: readonly SuiteItem[], after: readonly SuiteItem[]): OutlineChange {
  return { added: missingFrom(before, after), removed: missingFrom(after, before) };
}

/** Whether `item` is one of `names` (the spec's list of what may go), matched as Robot Framework matches names. */
export function namedIn(item: SuiteItem, names: readonly string[]): boolean {
  const key = normalizeKeywordName(item.name);
  return names.some((name) => normalizeKeywordName(name) === key);
}

/** Items of `items` beyond those `reference` has, counting repeats. */
function missingFrom(reference: readonly SuiteItem[], items: readonly SuiteItem[]): SuiteItem[] {
  const left = new Map<string, number>();
  for (const item of reference) left.set(keyOf(item), (left.get(keyOf(item)) ?? 0) + 1);
  const missing: SuiteItem[] = [];
  for (const item of items) {
    const count = left.get(keyOf(item)) ?? 0;
    if (count > 0) left.set(keyOf(item), count - 1);
    else missing.push(item);
  }
  return missing;
}

function keyOf(item: SuiteItem): string {
  return `${item.kind}\u0000${normalizeKeywordName(item.name)}`;
}
