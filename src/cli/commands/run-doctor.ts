// The doctor command's action: one line per check on stdout as it completes,
// the exit code from the worst outcome. Secrets never reach the output.

import { Chalk } from 'chalk';
import { doctorInput, runDoctor as checkAll, type CheckResult } from '../../app/doctor.js';
import { loadConfigFile } from '../../config/config-file.js';
import type { Flags } from '../../config/resolve-config.js';
import { configFlag } from '../options.js';
import { EXIT_OK, EXIT_SERVICE, EXIT_USAGE, UsageError, errorLine } from '../../errors.js';
import { redactor, rememberSecrets } from '../../output/redact.js';

const MARK: Record<CheckResult['status'], string> = { ok: '✓', failed: '✗', skipped: '–' };

export async function runDoctor(flags: Flags): Promise<number> {
  const stream = process.stdout;
  const colour = stream.isTTY === true && process.env.CI === undefined && !process.env.NO_COLOR;
  const paint = new Chalk({ level: colour ? 1 : 0 });
  const secrets = [flags.apiKey, flags.mcpToken, process.env.OPENAI_API_KEY, process.env.GITLAB_MCP_TOKEN].filter(
    (value): value is string => typeof value === 'string',
  );
  let redact = redactor(secrets);
  const print = (result: CheckResult): void => {
    const mark =
      result.status === 'ok' ? paint.green(MARK.ok) : result.status === 'failed' ? paint.red(MARK.failed) : paint.dim(MARK.skipped);
    const hint = result.hint ? paint.dim(` → ${result.hint}`) : '';
    stream.write(redact(`${mark} ${result.check}: ${result.message}${hint}`) + '\n');
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
  // Resolved here: the error line of src/cli/main.ts redacts what the settings hold, too.
  rememberSecrets(prepared.secrets);
  redact = redactor([...secrets, ...prepared.secrets]);
  print({ check: 'settings', status: 'ok', message: prepared.summary });
  const results = await checkAll(input, print);
  return results.some((result) => result.status === 'failed') ? EXIT_SERVICE : EXIT_OK;
}
