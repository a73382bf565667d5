// Ctrl-C: the first interrupt asks the run to stop cleanly (close the MCP
// session, write nothing); a second one exits at once.

import { EXIT_INTERRUPTED } from '../errors.js';

export function onInterrupt(stop: () => void): () => void {
  let interrupted = false;
  const handler = (): void => {
    // The one exit outside main.ts: a second Ctrl-C is asked of a run that did not stop, so no code of it can be waited for.
    // eslint-disable-next-line no-restricted-properties
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
