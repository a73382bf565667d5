// The actions of `writer replay` and `writer demo`, loaded only when they run.

import { demo } from '../../app/demo.js';
import { replay, type ReplayOptions } from '../../app/replay.js';
import { DEFAULT_OUTPUT_DIR } from '../../config/defaults.js';
import type { Flags } from '../../config/resolve-config.js';
import { presentRun } from './present-run.js';

export function runReplay(file: string, flags: Flags): Promise<number> {
  const options = replayOptions(flags);
  return presentRun(options, (deps) => replay(file, options, deps));
}

export function runDemo(flags: Flags): Promise<number> {
  const options = replayOptions(flags);
  return presentRun(options, (deps) => demo(options, deps));
}

function replayOptions(flags: Flags): ReplayOptions {
  return {
    out: typeof flags.out === 'string' ? flags.out : DEFAULT_OUTPUT_DIR,
    dryRun: flags.dryRun === true,
    force: flags.force === true,
    json: flags.json === true,
  };
}
