// `writer replay FILE`: runs a recorded generation again, offline.

import type { Command } from 'commander';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerReplay(program: Command): void {
  addSettingOptions(
    program
      .command('replay')
      .description('run a generation recorded with generate --record again: same suite, no network, no key')
      .argument('<file>', 'the recording (writer generate --record <file>)'),
    'replay',
  ).action(async (file: string, _options: unknown, command: Command) => {
    const { runReplay } = await import('./run-replay.js');
    process.exitCode = await runReplay(file, givenFlags(command));
  });
}
