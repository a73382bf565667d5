// `writer lint FILE...`: the checks a generated suite must pass, on files on disk.

import type { Command } from 'commander';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check Robot Framework files with the checks generated suites must pass')
    .argument('<files...>', '.robot or .resource files')
    .option('--validate <how>', 'auto: also Robot Framework\'s parser, RobotCode\'s analyzer and Robocop when installed; robot: require Robot Framework (its parser and libdoc, no analyzer); robotcode: require the analyzer too; builtin: built-in checks only, no Python (default auto)')
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], flags: { validate?: string; json?: boolean }) => {
      const { runLint } = await import('./run-lint.js');
      process.exitCode = await runLint(files, flags);
    });
}
