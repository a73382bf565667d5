// How deeply the blocks of a file nest (FOR in IF in TRY...), found without
// recursion: the checks walk bodies recursively, and a hostile file could nest
// deeper than the stack allows.

import type { RobotFile, Step } from './model.js';

/** Real tests nest blocks a handful of levels; the recursive checks stay far from the stack's end below this. */
export const MAX_BLOCK_DEPTH = 100;

/** The line of the first block nested deeper than `maxDepth`, or undefined. */
export function blockTooDeep(file: RobotFile, maxDepth = MAX_BLOCK_DEPTH): number | undefined {
  const pending: Array<{ steps: readonly Step[]; depth: number }> = [
    ...file.tests.map((test) => ({ steps: test.body, depth: 0 })),
    ...file.keywords.map((keyword) => ({ steps: keyword.body, depth: 0 })),
  ];
  while (pending.length > 0) {
    const { steps, depth } = pending.pop()!;
    for (const step of steps) {
      const bodies = 'branches' in step ? step.branches.map((branch) => branch.body) : 'body' in step ? [step.body] : [];
      if (bodies.length === 0) continue;
      if (depth + 1 > maxDepth) return step.line;
      for (const body of bodies) pending.push({ steps: body, depth: depth + 1 });
    }
  }
  return undefined;
}
