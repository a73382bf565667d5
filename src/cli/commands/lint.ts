// `writer lint FILE...`: the checks a generated suite must pass, on files and folders on disk.

import type { Command } from 'commander';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerLint(program: Command): void {
  addSettingOptions(
    program
      .command('lint')
      .description('check Robot Framework files with the checks generated suites must pass')
      .argument('<paths...>', 'suite and resource files, or folders (their .robot and .resource files)'),
    'lint',
  ).action(async (files: string[], _options: unknown, command: Command) => {
    const { runLint } = await import('./run-lint.js');
    process.exitCode = await runLint(files, givenFlags(command));
  });
}
