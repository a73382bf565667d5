// Waiting for something another party does (a server records a call, a child process
// streams), by looking again every few milliseconds until a deadline: the deadline only
// turns a hang into a clear failure, it asserts no timing.

const POLL_MS = 5;

export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
