// --shard I/N: a deterministic 1/N slice of the sorted specs, for GitLab CI's
// `parallel: N` (CI_NODE_INDEX is 1-based, CI_NODE_TOTAL is N).

import { UsageError } from '../errors.js';

export interface Shard {
  index: number;
  total: number;
}

export function parseShard(value: string, source = '--shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw new UsageError(`invalid ${source} '${value}': expected I/N with 1 <= I <= N, e.g. 2/4`);
  }
  return { index, total };
}

/** The shard from --shard, else from GitLab CI's variables, else none. */
export function shardFrom(flag: string | undefined, env: Record<string, string | undefined>): Shard | undefined {
  if (flag) return parseShard(flag);
  if (env.CI_NODE_INDEX && env.CI_NODE_TOTAL) {
    return parseShard(`${env.CI_NODE_INDEX}/${env.CI_NODE_TOTAL}`, 'CI_NODE_INDEX/CI_NODE_TOTAL');
  }
  return undefined;
}

/** Round-robin over the sorted list, so shards stay balanced when specs are added. */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, position) => position % shard.total === shard.index - 1);
}
