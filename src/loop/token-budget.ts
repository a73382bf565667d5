// A token budget shared by the generations of a batch (--max-batch-tokens):
// every conversation adds what its requests used, and none sends a request,
// nor does a spec start, once the batch has spent it.

export class TokenBudget {
  private spentTokens = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.spentTokens;
  }

  get spent(): boolean {
    return this.spentTokens >= this.limit;
  }

  add(tokens: number): void {
    this.spentTokens += tokens;
  }
}
