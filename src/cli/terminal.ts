// How writer's output may look on a stream: live output (a spinner, redrawn lines)
// only on a terminal of a known width outside CI, and colour only there, unless NO_COLOR.

import { Chalk, type ChalkInstance } from 'chalk';

type Env = Record<string, string | undefined>;

/**
 * Whether live output (spinner, redrawn lines) can work: a terminal of a known,
 * non-zero width, outside CI. On a 0-column terminal every redraw would wrap forever.
 */
export function liveTerminal(stream: NodeJS.WriteStream, env: Env): boolean {
  return stream.isTTY === true && env.CI === undefined && (stream.columns ?? 0) > 0;
}

/** Colours for a live terminal without NO_COLOR; plain text everywhere else. */
export function paintFor(stream: NodeJS.WriteStream, env: Env): ChalkInstance {
  return new Chalk({ level: liveTerminal(stream, env) && !env.NO_COLOR ? 1 : 0 });
}
