// Scenario 4: peak resident memory of the CLI process during scenario 1's generation,
// next to a bare Node.js process and `writer --help` for scale.

import { describeFailure, memoryProbe, runNode, runWriter, type MemoryProbe } from './cli.js';
import { runScriptedGeneration } from './parallel-rounds.js';

export interface PeakMemoryFigures {
  probe: MemoryProbe;
  /** KiB */
  bareNodeKb: number;
  helpKb: number;
  generate: Array<{ concurrency: number; peakRssKb: number }>;
}

const CONCURRENCIES = [4, 1] as const;

export async function benchPeakMemory(): Promise<PeakMemoryFigures> {
  const probe = memoryProbe();
  const bare = await runNode(['-e', ''], { memory: probe });
  const help = await runWriter(['--help'], { memory: probe });
  if (help.code !== 0) throw new Error(`writer --help failed (${describeFailure(help)})`);
  const generate: PeakMemoryFigures['generate'] = [];
  for (const concurrency of CONCURRENCIES) {
    const run = await runScriptedGeneration(concurrency, probe);
    generate.push({ concurrency, peakRssKb: required(run.peakRssKb) });
  }
  return { probe, bareNodeKb: required(bare.peakRssKb), helpKb: required(help.peakRssKb), generate };
}

function required(kilobytes: number | undefined): number {
  if (kilobytes === undefined) throw new Error('the memory probe reported nothing');
  return kilobytes;
}
