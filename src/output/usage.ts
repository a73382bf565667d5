// Token usage as every report gives it (final line, batch table, --json, JUnit,
// transcript): prompt, completion and cached prompt tokens, and, with prices
// configured, what that cost, always marked as an estimate.

import type { Prices } from '../config/limits.js';

export type { Prices };

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** The part of promptTokens the server served from its prefix cache. */
  cachedTokens: number;
  /** Whether any count was estimated from characters because the server reported no usage. */
  estimated: boolean;
  /** An estimate from the configured prices; absent without prices. */
  estimatedCost?: number;
}

const PER_MILLION = 1_000_000;

export function usageOf(
  counts: { promptTokens: number; completionTokens: number; cachedTokens: number; estimated: boolean },
  prices: Prices | undefined,
): Usage {
  const usage: Usage = { ...counts };
  if (prices) usage.estimatedCost = estimateCost(usage, prices);
  return usage;
}

export function estimateCost(usage: Pick<Usage, 'promptTokens' | 'completionTokens' | 'cachedTokens'>, prices: Prices): number {
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  return (
    ((usage.promptTokens - cached) * prices.input + cached * prices.cachedInput + usage.completionTokens * prices.output) / PER_MILLION
  );
}

/** The usage of several runs together (a batch); a cost only when every run has one. */
export function totalUsage(usages: readonly Usage[]): Usage {
  const total: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false };
  for (const usage of usages) {
    total.promptTokens += usage.promptTokens;
    total.completionTokens += usage.completionTokens;
    total.cachedTokens += usage.cachedTokens;
    total.estimated ||= usage.estimated;
  }
  if (usages.length && usages.every((usage) => usage.estimatedCost !== undefined)) {
    total.estimatedCost = usages.reduce((sum, usage) => sum + (usage.estimatedCost ?? 0), 0);
  }
  return total;
}
