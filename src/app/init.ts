// `writer init`: the files a test repository needs to run writer: its settings
// (writer.config.json), an example spec and a GitLab CI job. A file that exists
// is kept (the CI job is then handed back to be shown) unless forced.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkConfigSettings } from '../config/config-file.js';
import { CONFIG_FILE_NAME, DEFAULT_OUTPUT_DIR } from '../config/defaults.js';
import { needsApiKey, type Provider } from '../config/providers.js';
import { SETTINGS } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { fileExists, writeFileAtomic } from '../output/write-atomic.js';
import { packageFile } from '../package-files.js';

/** Where init puts its files, relative to the test repository. */
export const INIT_FILES = {
  config: CONFIG_FILE_NAME,
  spec: 'specs/example.json',
  ci: '.gitlab-ci.yml',
} as const;

/** The name of the CI job init writes; the README's job has the same name. */
export const CI_JOB_NAME = 'generate-suites';
/** Every spec of the repository, so `writer generate` needs no --spec. */
export const INIT_SPEC_GLOB = 'specs/**/*.json';
/** The branch most repositories read from when nobody says otherwise. */
export const INIT_DEFAULT_REF = 'main';
/** The variable writer reads the MCP server's token from without any setting. */
export const DEFAULT_TOKEN_VARIABLE = 'GITLAB_MCP_TOKEN';
/** The JUnit report the CI job writes and GitLab shows in merge requests. */
const CI_JUNIT_REPORT = 'writer-junit.xml';
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The settings init asks for; the rest of writer.config.json follows from them. */
export interface InitSettings {
  mcpUrl?: string;
  projectId?: string;
  ref?: string;
  model?: string;
  provider?: Provider;
  baseUrl?: string;
  /** The environment variable holding the MCP server's token; referenced as "${NAME}", never written. */
  tokenVariable?: string;
}

/** The settings init prompts for, in the order it asks, each with the variable that gives its default. */
export const PROMPTED_SETTINGS = ['mcpUrl', 'projectId', 'ref', 'model'] as const;

export type PromptedSetting = (typeof PROMPTED_SETTINGS)[number];

/** What an answer defaults to: the setting's variable when set, else init's own default. */
export function promptDefault(name: PromptedSetting, env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env[SETTINGS[name].env];
  if (fromEnv) return fromEnv;
  return name === 'ref' ? INIT_DEFAULT_REF : undefined;
}

/** The content of writer.config.json; a UsageError names what the settings schema refuses. */
export function initConfig(settings: InitSettings): Record<string, unknown> {
  const tokenVariable = settings.tokenVariable ?? DEFAULT_TOKEN_VARIABLE;
  if (!VARIABLE_NAME.test(tokenVariable)) throw new UsageError(`--mcp-token-var: '${tokenVariable}' is not an environment variable name`);
  const config: Record<string, unknown> = {
    ...(settings.mcpUrl !== undefined ? { mcpUrl: settings.mcpUrl } : {}),
    // writer reads GITLAB_MCP_TOKEN by itself; another variable is referenced, so its value stays out of the file.
    ...(tokenVariable !== DEFAULT_TOKEN_VARIABLE ? { mcpHeader: [`Authorization: Bearer \${${tokenVariable}}`] } : {}),
    ...(settings.projectId !== undefined ? { projectId: settings.projectId } : {}),
    ...(settings.ref !== undefined ? { ref: settings.ref } : {}),
    ...(settings.model !== undefined ? { model: settings.model } : {}),
    ...(settings.provider !== undefined ? { provider: settings.provider } : {}),
    ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
    spec: INIT_SPEC_GLOB,
    out: outputFolder(),
  };
  checkConfigSettings(config, CONFIG_FILE_NAME);
  return config;
}

/** The CI/CD variables a job needs for these settings: the secrets, which never go in a file. */
export function secretVariables(settings: InitSettings): string[] {
  return [
    ...(needsApiKey(settings.provider, settings.baseUrl) ? ['OPENAI_API_KEY'] : []),
    settings.tokenVariable ?? DEFAULT_TOKEN_VARIABLE,
  ];
}

/**
 * The GitLab CI job: every spec, the suites kept as artifacts, the outcome as a
 * JUnit report. With `image` (writer's CI image) nothing is installed; without,
 * writer comes from the repository's package.json.
 */
export function ciJob(options: { image?: string; secrets: string[] }): string {
  const out = outputFolder();
  const run = options.image
    ? [
        `  image:`,
        `    name: ${options.image}`,
        `    entrypoint: [""]    # the image's entrypoint is writer; GitLab runs the script in a shell`,
      ]
    : [`  image: node:20`];
  const script = options.image
    ? [`    - writer generate --junit ${CI_JUNIT_REPORT}`]
    : [`    - npm ci`, `    - npx writer generate --junit ${CI_JUNIT_REPORT}`];
  return [
    `# writer: a suite for every spec under specs/, with the settings of ${CONFIG_FILE_NAME}.`,
    `# Masked CI/CD variables (Settings > CI/CD > Variables): ${options.secrets.join(', ')}.`,
    `${CI_JOB_NAME}:`,
    ...run,
    `  when: manual    # each run calls the model: start it from the pipeline page, or remove this line`,
    `  script:`,
    ...script,
    `  artifacts:`,
    `    when: always`,
    `    paths:`,
    `      - ${out}/`,
    `    reports:`,
    `      junit: ${CI_JUNIT_REPORT}`,
    ``,
  ].join('\n');
}

export type InitAction = 'wrote' | 'replaced' | 'kept' | 'printed';

export interface InitFileOutcome {
  /** Relative to the repository, as the user names it. */
  file: string;
  action: InitAction;
  /** The CI job, when it was printed instead of written. */
  content?: string;
}

export interface InitOptions {
  /** The test repository. */
  dir: string;
  /** The settings to write; undefined keeps an existing writer.config.json. */
  config?: Record<string, unknown>;
  ciJob: string;
  force: boolean;
}

/** Writes the files, each atomically; without `force` nothing that exists is replaced. */
export async function writeInitFiles(options: InitOptions): Promise<InitFileOutcome[]> {
  const outcomes: InitFileOutcome[] = [];
  const place = async (file: string, content: string): Promise<InitAction> => {
    const target = path.join(options.dir, file);
    const existed = await fileExists(target);
    if (existed && !options.force) return 'kept';
    await writeFileAtomic(target, content, { overwrite: options.force, root: options.dir });
    return existed ? 'replaced' : 'wrote';
  };

  if (options.config)
    outcomes.push({ file: INIT_FILES.config, action: await place(INIT_FILES.config, JSON.stringify(options.config, null, 2) + '\n') });
  else outcomes.push({ file: INIT_FILES.config, action: 'kept' });
  outcomes.push({ file: INIT_FILES.spec, action: await place(INIT_FILES.spec, await readFile(packageFile('specs/example.json'), 'utf8')) });
  const ci = await place(INIT_FILES.ci, options.ciJob);
  // A team's pipeline is never touched without --force: the job is shown to be added by hand.
  outcomes.push(ci === 'kept' ? { file: INIT_FILES.ci, action: 'printed', content: options.ciJob } : { file: INIT_FILES.ci, action: ci });
  return outcomes;
}

/** The output folder the config names and the CI job keeps: writer's default, without "./". */
function outputFolder(): string {
  return path.posix.normalize(DEFAULT_OUTPUT_DIR);
}
