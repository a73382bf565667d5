// The lint command's action: exit 0 clean, 1 errors found, 2 a file cannot be read or a flag is wrong, 130 interrupted.

import { formatLintReport, lintFiles } from '../../app/lint.js';
import { printableJson, printableLine } from '../../printable.js';
import { checkLanguages } from '../../app/robot-settings.js';
import { loadConfigFile } from '../../config/config-file.js';
import { resolveSettings, type Flags } from '../../config/resolve-config.js';
import { EXIT_NO_SUITE, EXIT_OK, EXIT_USAGE, InterruptedError } from '../../errors.js';
import { configFlag } from '../options.js';
import { onInterrupt } from '../interrupt.js';

export async function runLint(files: string[], flags: Flags): Promise<number> {
  const file = await loadConfigFile(configFlag(flags), process.env);
  // The flags alone, checked and typed: lint reads no variables, and the file's variables and languages add to the flags'.
  const given = resolveSettings(flags, {}, []);
  const languages = [...(file.language ?? []), ...given.language];
  checkLanguages(languages);
  const variables = [...(file.variable ?? []), ...given.variable];
  // Ctrl-C stops the Python helper and the tools it runs; nothing is reported.
  const controller = new AbortController();
  const stopListening = onInterrupt(() => controller.abort());
  const report = await lintFiles(files, {
    validate: given.validate,
    variables,
    languages,
    pythonPath: given.pythonpath,
    signal: controller.signal,
  }).finally(stopListening);
  if (controller.signal.aborted) throw new InterruptedError();
  for (const warning of report.warnings) process.stderr.write(`writer: ${printableLine(warning)}; linting without it\n`);
  // Messages quote the linted files, which may hold anything: nothing printed may drive the terminal.
  if (given.json) process.stdout.write(printableJson(report, 2) + '\n');
  else for (const line of formatLintReport(report)) process.stdout.write(printableLine(line) + '\n');
  const errors = report.files.reduce((sum, entry) => sum + entry.errors.length, 0);
  if (!given.json) {
    const checked = report.files.length + report.unreadable.length;
    process.stderr.write(
      `${checked} file(s) checked: ${errors} error(s)${report.unreadable.length ? `, ${report.unreadable.length} unreadable` : ''}\n`,
    );
  }
  if (report.unreadable.length) return EXIT_USAGE;
  return errors ? EXIT_NO_SUITE : EXIT_OK;
}
