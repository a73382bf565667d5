// The openai SDK waits out whatever Retry-After a server asks for before it
// retries, a day as readily as a second. This fetch, handed to the client (its
// documented `fetch` option), bounds that: an error answer asking for a longer
// wait than allowed carries `x-should-retry: false`, which the SDK obeys, so the
// request fails at once and the caller can name the status and the wait that was
// asked. It also sees every try, so it tells of the retries: no log text is read.

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

/** One retry the openai client is about to make, and why. */
export interface RetryAnnouncement {
  /** What the last try got: an HTTP status, no answer in time, or no connection. */
  failed: { status: number } | 'timed out' | 'unreachable';
  /** The wait the answer asked for (Retry-After), when it asked for one that will be honoured. */
  askedWaitMs?: number;
  /** Tries left after this one starts. */
  triesLeft: number;
}

export interface RetryWaitOptions {
  /** The longest wait the SDK may honour. */
  maxWaitMs: number;
  /** The client's maxRetries: with the retry count the SDK sends on each try, how many tries are left. */
  maxRetries: number;
  /** Told of each retry the client will make, before it waits. */
  onRetry?: (retry: RetryAnnouncement) => void;
  /** The fetch that sends the requests; the global one unless a test hands in its own. */
  fetch?: FetchLike;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The header in which the openai client numbers its tries of one request (0 for the first). */
const RETRY_COUNT_HEADER = 'x-stainless-retry-count';

/**
 * Whether the openai client retries this answer, by its documented rule: the server's
 * x-should-retry when given, else 408, 409, 429 and 5xx.
 */
function clientRetries(response: Response): boolean {
  const said = response.headers.get('x-should-retry');
  if (said === 'true') return true;
  if (said === 'false') return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

/**
 * A fetch for the openai client that refuses retries after waits longer than
 * `maxWaitMs`, and tells of each retry the client will make (connection errors,
 * timeouts and retryable statuses while tries are left) as it decides it.
 */
export function boundedRetryFetch(options: RetryWaitOptions): FetchLike {
  const send = options.fetch ?? fetch;
  return async (input, init) => {
    const tried = Number.parseInt(new Headers(init?.headers).get(RETRY_COUNT_HEADER) ?? '', 10);
    const triesLeft = Number.isNaN(tried) ? 0 : options.maxRetries - tried;
    let response: Response;
    try {
      response = await send(input, init);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
      if (triesLeft > 0) options.onRetry?.({ failed: timedOut ? 'timed out' : 'unreachable', triesLeft });
      throw error;
    }
    if (response.ok) return response;
    const wait = askedRetryWaitMs(response.headers);
    if (wait !== undefined && wait > options.maxWaitMs) {
      const headers = new Headers(response.headers);
      headers.set('x-should-retry', 'false');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }
    if (triesLeft > 0 && clientRetries(response)) {
      options.onRetry?.({ failed: { status: response.status }, ...(wait !== undefined ? { askedWaitMs: wait } : {}), triesLeft });
    }
    return response;
  };
}
