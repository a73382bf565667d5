// `writer lint FILE...`: the checks a generated suite must pass, on files and folders on disk.

import type { Command } from 'commander';
import { collect } from '../options.js';
import type { LintFlags } from './run-lint.js';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check Robot Framework files with the checks generated suites must pass')
    .argument('<paths...>', 'suite and resource files, or folders (their .robot and .resource files)')
    .option(
      '--validate <how>',
      "auto: also Robot Framework's parser, RobotCode's analyzer and Robocop when installed; robot: require Robot Framework (its parser and libdoc, no analyzer); robotcode: require the analyzer too; builtin: built-in checks only, no Python (default auto)",
    )
    .option('--variable <name>', 'a variable given on the command line, NAME or NAME:value, as robot --variable (repeatable)', collect)
    .option('--language <lang>', 'a language the files may be written in besides English, as robot --language (repeatable)', collect)
    .option(
      '--pythonpath <dir>',
      'a folder Robot also searches for resources and variable files, as robot --pythonpath (repeatable)',
      collect,
    )
    .option('--config <file>', 'settings file for variable and language (default: writer.config.json in the working folder, when present)')
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], flags: LintFlags) => {
      const { runLint } = await import('./run-lint.js');
      process.exitCode = await runLint(files, flags);
    });
}
