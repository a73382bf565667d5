// The doctor command's action: one line per check on stdout as it completes,
// the exit code from the worst outcome. Secrets never reach the output.

import { doctorInput, runDoctorChecks, type CheckResult } from '../../app/doctor.js';
import { loadConfigFile } from '../../config/config-file.js';
import type { Flags } from '../../config/resolve-config.js';
import { EXIT_OK, EXIT_SERVICE, EXIT_USAGE, UsageError, errorLine } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';
import { configFlag } from '../options.js';
import { paintFor } from '../terminal.js';

const MARK: Record<CheckResult['status'], string> = { ok: '✓', failed: '✗', skipped: '–' };

export async function runDoctor(flags: Flags, redactor: Redactor): Promise<number> {
  const stream = process.stdout;
  const paint = paintFor(stream, process.env);
  // Known before the settings are checked (the environment's are known from the start): a line about bad settings may quote them.
  redactor.add([flags.apiKey, flags.mcpToken].filter((value) => typeof value === 'string'));
  const print = (result: CheckResult): void => {
    const mark =
      result.status === 'ok' ? paint.green(MARK.ok) : result.status === 'failed' ? paint.red(MARK.failed) : paint.dim(MARK.skipped);
    const hint = result.hint ? paint.dim(` → ${result.hint}`) : '';
    stream.write(redactor.redact(`${mark} ${result.check}: ${result.message}${hint}`) + '\n');
  };

  let prepared: ReturnType<typeof doctorInput>;
  try {
    const file = await loadConfigFile(configFlag(flags), process.env);
    prepared = doctorInput(flags, process.env, file);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print({
      check: 'settings',
      status: 'failed',
      message: errorLine(error),
      hint: 'pass them as flags, set the variables, or put them in writer.config.json',
    });
    return EXIT_USAGE;
  }
  const { input } = prepared;
  redactor.add(prepared.secrets);
  print({ check: 'settings', status: 'ok', message: prepared.summary });
  const results = await runDoctorChecks(input, print, redactor);
  return results.some((result) => result.status === 'failed') ? EXIT_SERVICE : EXIT_OK;
}
