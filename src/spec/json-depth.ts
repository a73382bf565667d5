// How deeply a parsed JSON value nests, found without recursion, so that a
// hostile document is refused before anything recursive walks it.

/** Whether `value` holds arrays or objects nested more than `maxDepth` levels. */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) return true;
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof inner === 'object' && inner !== null) pending.push({ value: inner, depth: depth + 1 });
    }
  }
  return false;
}
