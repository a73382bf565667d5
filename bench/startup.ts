// Scenario 5: how long `writer --help` takes, next to a bare Node.js process; commands
// load lazily so that help stays fast.

import { describeFailure, runNode, runWriter } from './cli.js';
import { median } from './format.js';

const RUNS = 5;

export interface StartupFigures {
  runs: number;
  helpMs: number;
  helpAllMs: number[];
  bareNodeMs: number;
}

export async function benchStartup(): Promise<StartupFigures> {
  // One untimed run each, so the file cache is warm for all the timed ones.
  await runNode(['-e', '']);
  await runWriter(['--help']);
  const bare: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push((await runNode(['-e', ''])).wallMs);
    const run = await runWriter(['--help']);
    if (run.code !== 0 || !run.stdout.includes('Usage: writer')) throw new Error(`writer --help failed (${describeFailure(run)})`);
    help.push(run.wallMs);
  }
  return { runs: RUNS, helpMs: median(help), helpAllMs: help.map(Math.round), bareNodeMs: median(bare) };
}
