// The shapes some settings resolve to and other layers take as they are: the bounds
// of one conversation (the loop) and the prices of the cost estimate (the reports).
// Apart from resolve-config, so that taking them brings in nothing else.

/** The bounds of one conversation, from --max-rounds, --max-tool-calls, --max-tokens and the rest. */
export interface ConversationLimits {
  maxRounds: number;
  maxToolCalls?: number;
  maxTokens?: number;
  /** The cap on one reply, sent with every request (--max-reply-tokens); undefined sends none. */
  maxReplyTokens?: number;
  toolConcurrency: number;
  toolTimeoutMs: number;
  maxToolChars: number;
  repairRounds: number;
}

/** Prices per million tokens (--price-input, --price-cached-input, --price-output), in whatever currency they were given. */
export interface Prices {
  input: number;
  /** Cached prompt tokens; the input price when none is given (no discount assumed). */
  cachedInput: number;
  output: number;
}
