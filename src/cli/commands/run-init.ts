// The init command's action: settings from flags, or asked on the terminal,
// the files written, then writer doctor when the settings are complete.

import path from 'node:path';
import {
  INIT_FILES,
  PROMPTED_SETTINGS,
  ciJob,
  initConfig,
  promptDefault,
  secretVariables,
  writeInitFiles,
  type InitFileOutcome,
  type InitSettings,
  type PromptedSetting,
} from '../../app/init.js';
import { doctorInput } from '../../app/doctor.js';
import { checkConfigSettings, loadConfigFile } from '../../config/config-file.js';
import { CONFIG_FILE_NAME } from '../../config/defaults.js';
import { isProvider } from '../../config/providers.js';
import { describeSetting, type Flags } from '../../config/resolve-config.js';
import { EXIT_OK, UsageError, errorLine } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';
import { fileExists } from '../../output/write-atomic.js';
import { terminalPrompter } from '../prompt.js';
import { runDoctor } from './run-doctor.js';

const LABELS: Record<PromptedSetting, string> = {
  mcpUrl: 'MCP server URL (streamable HTTP, e.g. https://gitlab-mcp.example/mcp)',
  projectId: 'GitLab project, id or path (e.g. qa/robot-tests)',
  ref: 'Branch, tag or commit to read',
  model: 'Chat model (e.g. gpt-4.1)',
};

export async function runInit(flags: Flags, redactor: Redactor): Promise<number> {
  const dir = process.cwd();
  const out = process.stdout;
  const force = flags.force === true;
  // Checked by initConfig against the file's schema, so the errors name what the file would hold.
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const given: InitSettings = {
    mcpUrl: text(flags.mcpUrl),
    projectId: text(flags.projectId),
    ref: text(flags.ref),
    model: text(flags.model),
    provider: isProvider(flags.provider) ? flags.provider : undefined,
    baseUrl: text(flags.baseUrl),
    tokenVariable: text(flags.mcpTokenVar),
  };
  // Bad flags stop before any question is asked or any file is written.
  initConfig(given);

  // An existing configuration is the team's: nothing to ask, nothing to replace.
  const keepConfig = !force && (await fileExists(path.join(dir, INIT_FILES.config)));
  const settings = keepConfig ? given : await completeSettings(given, flags.yes === true);
  const outcomes = await writeInitFiles({
    dir,
    config: keepConfig ? undefined : initConfig(settings),
    ciJob: ciJob({ image: text(flags.image), secrets: secretVariables(settings) }),
    force,
  });
  for (const outcome of outcomes) out.write(describe(outcome));
  out.write(
    `Secrets stay out of the files: set ${secretVariables(settings).join(' and ')} in the environment (in GitLab: masked CI/CD variables).\n`,
  );

  if (flags.doctor === false) return EXIT_OK;
  try {
    doctorInput({}, process.env, await loadConfigFile(undefined, process.env, dir));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.write(`writer doctor not run: ${errorLine(error, redactor.redact)}. Once set: npx writer doctor\n`);
    return EXIT_OK;
  }
  out.write('\nwriter doctor:\n');
  return runDoctor({}, redactor);
}

/** The prompted settings that no flag gave: asked on a terminal, or their defaults with --yes. */
async function completeSettings(given: InitSettings, yes: boolean): Promise<InitSettings> {
  const open = PROMPTED_SETTINGS.filter((name) => given[name] === undefined);
  const settings: InitSettings = { ...given };
  if (yes || !open.length) {
    for (const name of open) settings[name] = promptDefault(name, process.env);
    return settings;
  }
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `no terminal to ask for ${open.map((name) => describeSetting(name)).join(', ')}: pass them as flags, or --yes to take the defaults`,
    );
  }
  process.stdout.write(
    `Settings for ${CONFIG_FILE_NAME}: Enter takes the value in brackets, an empty answer leaves a setting out. ` +
      'Secrets are not asked for: they stay in the environment.\n',
  );
  const prompter = terminalPrompter();
  try {
    for (const name of open) {
      settings[name] = await prompter.ask({
        label: LABELS[name],
        default: promptDefault(name, process.env),
        check: (value) => checkAnswer(name, value),
      });
    }
  } finally {
    prompter.close();
  }
  return settings;
}

function checkAnswer(name: PromptedSetting, value: string): string | undefined {
  try {
    checkConfigSettings({ [name]: value }, CONFIG_FILE_NAME);
    return undefined;
  } catch (error) {
    return errorLine(error);
  }
}

function describe(outcome: InitFileOutcome): string {
  switch (outcome.action) {
    case 'wrote':
      return `wrote ${outcome.file}\n`;
    case 'replaced':
      return `replaced ${outcome.file} (--force)\n`;
    case 'kept':
      return `kept ${outcome.file} (it exists; --force replaces it)\n`;
    case 'printed':
      return `${outcome.file} exists and is left alone; add this job to it (--force replaces the file):\n\n${outcome.content ?? ''}\n`;
  }
}
