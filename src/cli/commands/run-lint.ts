// The lint command's action: exit 0 clean, 1 errors found, 2 a file cannot be read or a flag is wrong, 130 interrupted.

import { formatLintReport, lintFiles } from '../../app/lint.js';
import { printableJson, printableLine } from '../../printable.js';
import { loadConfigFile } from '../../config/config-file.js';
import { EXIT_NO_SUITE, EXIT_OK, EXIT_USAGE, InterruptedError, UsageError } from '../../errors.js';
import { findLanguage } from '../../robot/languages.js';
import { onInterrupt } from '../interrupt.js';

const VALIDATIONS = ['auto', 'robot', 'robotcode', 'builtin'] as const;

/** The options `writer lint` declares (lint.ts). */
export interface LintFlags {
  validate?: string;
  variable?: string[];
  language?: string[];
  pythonpath?: string[];
  config?: string;
  json?: boolean;
}

export async function runLint(files: string[], flags: LintFlags): Promise<number> {
  const file = await loadConfigFile(flags.config, process.env);
  const validate = flags.validate ?? 'auto';
  if (!(VALIDATIONS as readonly string[]).includes(validate)) {
    throw new UsageError(`invalid --validate '${validate}': expected auto, robot, robotcode or builtin`);
  }
  const languages = [...((file.language as string[] | undefined) ?? []), ...(flags.language ?? [])];
  const unknown = languages.filter((language) => findLanguage(language) === undefined);
  if (unknown.length > 0)
    throw new UsageError(
      `unknown --language '${unknown[0]}': expected a language code or name Robot Framework knows (fr, German, pt-BR...)`,
    );
  const variables = [...((file.variable as string[] | undefined) ?? []), ...(flags.variable ?? [])];
  const empty = variables.find((variable) => variable.split(':')[0]!.trim() === '');
  if (empty !== undefined) throw new UsageError(`invalid --variable '${empty}': expected NAME or NAME:value`);
  // Ctrl-C stops the Python helper and the tools it runs; nothing is reported.
  const controller = new AbortController();
  const stopListening = onInterrupt(() => controller.abort());
  const report = await lintFiles(files, {
    validate: validate as (typeof VALIDATIONS)[number],
    variables,
    languages,
    pythonPath: flags.pythonpath ?? [],
    signal: controller.signal,
  }).finally(stopListening);
  if (controller.signal.aborted) throw new InterruptedError();
  for (const warning of report.warnings) process.stderr.write(`writer: ${printableLine(warning)}; linting without it\n`);
  // Messages quote the linted files, which may hold anything: nothing printed may drive the terminal.
  if (flags.json) process.stdout.write(printableJson(report, 2) + '\n');
  else for (const line of formatLintReport(report)) process.stdout.write(printableLine(line) + '\n');
  const errors = report.files.reduce((sum, entry) => sum + entry.errors.length, 0);
  if (!flags.json) {
    const checked = report.files.length + report.unreadable.length;
    process.stderr.write(
      `${checked} file(s) checked: ${errors} error(s)${report.unreadable.length ? `, ${report.unreadable.length} unreadable` : ''}\n`,
    );
  }
  if (report.unreadable.length) return EXIT_USAGE;
  return errors ? EXIT_NO_SUITE : EXIT_OK;
}
