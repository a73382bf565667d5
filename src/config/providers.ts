// The OpenAI-compatible servers writer knows by name (--provider), and where
// each listens by default. --base-url still wins over the provider's default.

export const PROVIDERS = ['openai', 'ollama', 'llamacpp', 'vllm', 'lmstudio'] as const;

export type Provider = (typeof PROVIDERS)[number];

export function isProvider(value: unknown): value is Provider {
  return PROVIDERS.some((provider) => provider === value);
}

/** The default endpoint of each local server; OpenAI's is the SDK's own. */
const DEFAULT_BASE_URLS: Record<Provider, string | undefined> = {
  openai: undefined,
  ollama: 'http://localhost:11434/v1',
  llamacpp: 'http://localhost:8080/v1',
  vllm: 'http://localhost:8000/v1',
  lmstudio: 'http://localhost:1234/v1',
};

/** The endpoint to talk to: --base-url when given, else the provider's default (none for OpenAI). */
export function providerBaseURL(provider: Provider | undefined, baseUrl: string | undefined): string | undefined {
  return baseUrl || DEFAULT_BASE_URLS[provider ?? 'openai'];
}

/** Local servers run without a key; only OpenAI itself (no base URL) needs one. */
export function needsApiKey(provider: Provider | undefined, baseUrl: string | undefined): boolean {
  return providerBaseURL(provider, baseUrl) === undefined;
}

/** How the endpoint takes the cap on a reply's length: OpenAI's newer models only know max_completion_tokens, other servers max_tokens. */
export type ReplyLimitParameter = 'max_tokens' | 'max_completion_tokens';

export function replyLimitParameter(provider: Provider | undefined, baseUrl: string | undefined): ReplyLimitParameter {
  return provider === 'openai' || providerBaseURL(provider, baseUrl) === undefined ? 'max_completion_tokens' : 'max_tokens';
}
