// The openai SDK waits out whatever Retry-After a server asks for before it
// retries, a day as readily as a second. This fetch, handed to the client,
// bounds that: an error answer asking for a longer wait than allowed carries
// `x-should-retry: false`, which the SDK obeys, so the request fails at once
// and the caller can name the status and the wait that was asked.

/** Whether the server's answer asks for a retry wait, and how long: `retry-after-ms`, else `Retry-After` (seconds or an HTTP date), as the SDK reads them. */
export function askedRetryWaitMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (!Number.isNaN(milliseconds) && milliseconds > 0) return milliseconds;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export interface RetryWaitOptions {
  /** The longest wait the SDK may honour. */
  maxWaitMs: number;
  /** Told of each error answer's asked wait that will be honoured, so retry notices can say how long they wait. */
  onHonouredWait?: (waitMs: number) => void;
  /** The fetch that sends the requests; the global one unless a test hands in its own. */
  fetch?: FetchLike;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch for the openai client that refuses retries after waits longer than `maxWaitMs`. */
export function boundedRetryFetch(options: RetryWaitOptions): FetchLike {
  const send = options.fetch ?? fetch;
  return async (input, init) => {
    const response = await send(input, init);
    if (response.ok) return response;
    const wait = askedRetryWaitMs(response.headers);
    if (wait === undefined) return response;
    if (wait <= options.maxWaitMs) {
      options.onHonouredWait?.(wait);
      return response;
    }
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
