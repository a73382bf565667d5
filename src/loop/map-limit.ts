// Runs async work over a list with at most `limit` at once, results in input order.
// When an item fails, no further item starts, and the failure is reported only once
// the items already running have settled (as openai-node's tool runner waits for
// every sibling call): nothing keeps running behind a caller that has moved on and,
// say, closed the session those items use.

export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: Array<{ index: number; error: unknown }> = [];
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  });
  await Promise.all(workers);
  // The first failure in input order, whichever settled first: the same run reports the same error.
  const [first] = failures.sort((a, b) => a.index - b.index);
  if (first) throw first.error;
  return results;
}
