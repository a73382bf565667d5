// Token usage and its estimated cost as people read them, the same in the
// final line of a run, the batch table and its totals.

import type { Usage } from '../output/usage.js';

/** "6139+217 tokens (4200 cached)": prompt + completion, and the cached part of the prompt. */
export function tokensText(usage: Usage): string {
  const cached = usage.cachedTokens ? ` (${usage.cachedTokens} cached)` : '';
  return `${usage.promptTokens}+${usage.completionTokens} tokens${cached}${usage.estimated ? ' (estimated)' : ''}`;
}

/** "≈0.0123 estimated cost", or nothing without prices. */
export function costText(usage: Usage): string | undefined {
  return usage.estimatedCost === undefined ? undefined : `≈${formatCost(usage.estimatedCost)} estimated cost`;
}

/** Enough digits to tell runs apart: four decimals below 1, two above. */
export function formatCost(cost: number): string {
  return cost < 1 ? cost.toFixed(4) : cost.toFixed(2);
}
