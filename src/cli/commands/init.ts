// `writer init`: settings, an example spec and a CI job for a test repository, then writer doctor.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerInit(program: Command, redactor: Redactor): void {
  addSettingOptions(
    program
      .command('init')
      .description(
        'set up writer in this test repository: writer.config.json, specs/example.json and a GitLab CI job, then run writer doctor',
      ),
    'init',
  )
    .addHelpText(
      'after',
      '\nExit codes of init:\n  0    files written (and doctor passed, or was not run)\n  2    bad flag or answer, no terminal to ask on, or a file cannot be written\n  3    doctor ran and a check failed\n  130  interrupted (Ctrl-C): nothing written',
    )
    .action(async (_options: unknown, command: Command) => {
      const { runInit } = await import('./run-init.js');
      process.exitCode = await runInit(givenFlags(command), redactor);
    });
}
