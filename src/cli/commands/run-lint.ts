// The lint command's action: exit 0 clean, 1 errors found, 2 a file cannot be read.

import { formatLintReport, lintFiles } from '../../app/lint.js';
import { EXIT_NO_SUITE, EXIT_OK, EXIT_USAGE, UsageError } from '../../errors.js';

const VALIDATIONS = ['auto', 'robot', 'robotcode', 'builtin'] as const;

export async function runLint(files: string[], flags: { validate?: string; json?: boolean }): Promise<number> {
  const validate = flags.validate ?? 'auto';
  if (!(VALIDATIONS as readonly string[]).includes(validate)) {
    throw new UsageError(`invalid --validate '${validate}': expected auto, robot, robotcode or builtin`);
  }
  const report = await lintFiles(files, { validate: validate as (typeof VALIDATIONS)[number] });
  if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else for (const line of formatLintReport(report)) process.stdout.write(line + '\n');
  const errors = report.files.reduce((sum, file) => sum + file.errors.length, 0);
  if (!flags.json) {
    process.stderr.write(`${files.length} file(s) checked: ${errors} error(s)${report.unreadable.length ? `, ${report.unreadable.length} unreadable` : ''}\n`);
  }
  if (report.unreadable.length) return EXIT_USAGE;
  return errors ? EXIT_NO_SUITE : EXIT_OK;
}
