// `writer demo`: the quick start, with a recorded model session and the bundled example repository.

import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a suite from specs/example.json against the bundled example repository, replaying a recorded model session (no key, no network)',
    )
    .option('--out <dir>', 'output folder (default ./generated)')
    .option('--dry-run', 'print the suite to stdout and write nothing')
    .option('--json', 'print one JSON summary on stdout at the end')
    .option('--force', 'overwrite the suite of an earlier demo')
    .action(async (flags: Record<string, unknown>) => {
      const { runDemo } = await import('./run-demo.js');
      process.exitCode = await runDemo(flags);
    });
}
