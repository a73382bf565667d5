// `writer replay FILE`: runs a recorded generation again, offline.

import type { Command } from 'commander';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('run a generation recorded with generate --record again: same suite, no network, no key')
    .argument('<file>', 'the recording (writer generate --record <file>)')
    .option('--out <dir>', 'output folder; the suite goes to <dir>/<rf.target_path> (default ./generated)')
    .option('--dry-run', 'print the suite to stdout and write nothing')
    .option('--json', 'print one JSON summary on stdout at the end')
    .option('--force', 'overwrite an existing suite')
    .action(async (file: string, flags: Record<string, unknown>) => {
      const { runReplay } = await import('./run-replay.js');
      process.exitCode = await runReplay(file, flags);
    });
}
