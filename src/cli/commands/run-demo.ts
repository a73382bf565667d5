// The action of `writer demo`, loaded only when it runs: a replay of the bundled
// recording against the bundled example repository, presented as generate presents a run.

import { demo } from '../../app/demo.js';
import type { Flags } from '../../config/resolve-config.js';
import { Redactor } from '../../output/redact.js';
import { presentRun } from './present-run.js';
import { replayOptions } from './run-replay.js';

export function runDemo(flags: Flags): Promise<number> {
  const options = replayOptions(flags);
  // The demo's recording and repository are bundled: they hold no secret.
  return presentRun({ ...options, redactor: new Redactor() }, (deps) => demo(options, deps));
}
