// The action of `writer replay`, loaded only when it runs, and the options it shares with `writer demo`.

import { replay, type ReplayOptions } from '../../app/replay.js';
import { DEFAULT_OUTPUT_DIR } from '../../config/defaults.js';
import type { Flags } from '../../config/resolve-config.js';
import { Redactor } from '../../output/redact.js';
import { presentRun } from './present-run.js';

export function runReplay(file: string, flags: Flags): Promise<number> {
  const options = replayOptions(flags);
  // A recording holds no secret (it was redacted when written), so a replay knows none.
  return presentRun({ ...options, redactor: new Redactor() }, (deps) => replay(file, options, deps));
}

/** The flags replay and demo share: where the suite goes and how the run is shown. */
export function replayOptions(flags: Flags): ReplayOptions {
  return {
    out: typeof flags.out === 'string' ? flags.out : DEFAULT_OUTPUT_DIR,
    dryRun: flags.dryRun === true,
    force: flags.force === true,
    json: flags.json === true,
  };
}
