// The redirect target of `writer login`: a one-shot HTTP server on 127.0.0.1
// at a free port. It answers only its path with the state this login sent,
// hands over the authorization code, then closes; anything else is refused.

import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InterruptedError, ServiceError } from '../errors.js';
import type { Redactor } from '../output/redact.js';

/** The path the authorization server sends the browser back to (register http://127.0.0.1/callback for a client made by hand). */
const CALLBACK_PATH = '/callback';

/** Nobody came back from the browser in time (--login-timeout). */
export class SignInTimeoutError extends ServiceError {
  constructor(message: string) {
    super(message, { kind: 'timeout' });
  }
}

/** The authorization server (or the user) refused the sign-in. */
export class SignInRefusedError extends ServiceError {
  constructor(message: string) {
    super(message, { kind: 'auth' });
  }
}

export interface CallbackOptions {
  /** The state this login sent; a redirect with any other is refused. */
  state: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The run's redactor; the authorization code joins its secrets. */
  redactor: Redactor;
}

export interface Callback {
  /** http://127.0.0.1:<port>/callback */
  redirectUrl: string;
  /** The authorization code of the one redirect that carries the expected state. */
  code: Promise<string>;
  close(): Promise<void>;
}

const PAGE_STYLE = 'font-family: sans-serif; margin: 3em;';

function page(res: ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // The address bar holds the code: no other site may see it as a referrer.
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  res.end(
    `<!doctype html><html><head><title>writer: ${title}</title></head><body style="${PAGE_STYLE}"><h1>${title}</h1><p>${text}</p></body></html>`,
  );
}

function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const [a, b] = [Buffer.from(received), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function listenForCallback(options: CallbackOptions): Promise<Callback> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Whoever awaits the code sees its failure; a login that failed earlier never does, and that is no error.
  code.catch(() => undefined);
  let done = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      page(res, 404, 'Not found', 'This address only receives the sign-in of writer.');
      return;
    }
    if (!sameState(url.searchParams.get('state'), options.state)) {
      // Not the redirect of this login (a stale tab, or a forged request): refused, and the login goes on waiting.
      page(
        res,
        400,
        'Not this sign-in',
        'This sign-in link does not belong to the login writer is waiting for. Start it again with writer login.',
      );
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error) {
      page(res, 400, 'Sign-in refused', 'The authorization server refused the sign-in; the terminal says why.');
      const description = url.searchParams.get('error_description');
      finish(new SignInRefusedError(`the authorization server refused the sign-in: ${error}${description ? ` (${description})` : ''}`));
      return;
    }
    if (!received) {
      page(res, 400, 'No code', 'The redirect carries no authorization code.');
      finish(new SignInRefusedError('the authorization server sent the browser back without an authorization code'));
      return;
    }
    options.redactor.add([received]);
    page(res, 200, 'Signed in', 'writer received the sign-in. You can close this tab and return to the terminal.');
    finish(received);
  });

  const timer = setTimeout(() => {
    finish(new SignInTimeoutError(`no sign-in came back within ${Math.round(options.timeoutMs / 1000)} s (--login-timeout)`));
  }, options.timeoutMs);
  const onAbort = (): void => finish(new InterruptedError());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      // The browser may keep its connection open; the answer has been sent.
      server.closeIdleConnections();
    });
    return closed;
  };

  function finish(outcome: string | Error): void {
    if (done) return;
    done = true;
    if (typeof outcome === 'string') settle?.resolve(outcome);
    else settle?.reject(outcome);
    void close();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`, code, close };
}
