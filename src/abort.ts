// Waiting that gives up the moment the user interrupts: the SDKs' own waits
// (a retry's sleep, an initialize that hangs) do not all listen to a signal.

import { InterruptedError } from './errors.js';

/** Rejects with InterruptedError as soon as the signal aborts, without waiting for the promise. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new InterruptedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A signal of its own for one operation, aborted with `parent`; `release` unhooks it
 * once the operation is over. A library that adds abort listeners and never removes
 * them (the MCP SDK's requests do) then leaves nothing on the run's long-lived signal.
 */
export function operationSignal(parent: AbortSignal | undefined): { signal: AbortSignal | undefined; release: () => void } {
  if (!parent) return { signal: undefined, release: () => undefined };
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  const forward = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, release: () => parent.removeEventListener('abort', forward) };
}
