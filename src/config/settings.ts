// The one table of writer's settings: each one's flag, environment variable (the
// Python prototype's names, so its CI jobs keep working), type, default, help, whether
// it is a secret, the commands that take it and whether writer.config.json may set it.
// The commands' options, the settings schema, the typed settings and the README's
// option table are all derived from it: adding a setting means one entry here.

import * as defaults from './defaults.js';
import { PROVIDERS } from './providers.js';

/** Every command that takes options from the table. */
export const COMMANDS = ['generate', 'tools', 'doctor', 'models', 'lint', 'login', 'logout', 'init', 'replay', 'demo'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** How much the checks of a suite ask of Python: see --validate. */
export const VALIDATIONS = ['auto', 'robot', 'robotcode', 'builtin'] as const;
export type Validation = (typeof VALIDATIONS)[number];

/** How tool calls travel: see --tool-format. */
export const TOOL_FORMATS = ['native', 'text', 'auto'] as const;
export type ToolFormat = (typeof TOOL_FORMATS)[number];

/** The longest timer Node keeps (2^31-1 ms), in seconds: a longer wait would fire at once. */
const MAX_TIMER_SECONDS = 2_147_483;
/** Beyond this many parallel requests, servers and rate limits suffer and nothing gets faster. */
const MAX_PARALLEL = 32;
/** A shorter tool result limit cuts even a small resource file in half. */
const MIN_TOOL_CHARS = 1000;
/** More retries only lengthen an outage the server already announced. */
const MAX_RETRIES = 10;
/** The sampling temperature OpenAI accepts. */
const MAX_TEMPERATURE = 2;

/**
 * The commands that resolve settings from flags, environment and the file, and so read a setting's
 * variable when its flag is not given (init writes settings; replay and demo replay a recording).
 */
export const RESOLVING = ['generate', 'tools', 'doctor', 'models', 'lint', 'login', 'logout'] as const;
const MCP_COMMANDS = ['generate', 'tools', 'doctor'] as const;
const ENDPOINT_COMMANDS = ['generate', 'doctor', 'models'] as const;
const RUN_COMMANDS = ['generate', 'replay', 'demo'] as const;

/** How a JSON value of a setting is checked, beyond its type. */
interface Constraints {
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
}

interface SettingBase {
  /** The long flag, `--max-rounds`; absent for a secret only the environment may give (a flag would show in `ps`). */
  flag?: string;
  /** The short flag, `-y`. */
  short?: string;
  /** The flag's argument as help shows it, `<n>`; absent for a switch. */
  argument?: string;
  /** The environment variable, read when the flag is not given. */
  env?: string;
  help: string;
  /** A command that says it differently (what is asked, written, or checked there). */
  helpIn?: Partial<Record<CommandName, string>>;
  /** The README's longer account, when help is too short for it (Markdown). */
  doc?: string;
  /** A command whose README table says it differently. */
  docIn?: Partial<Record<CommandName, string>>;
  /** What happens when the setting is not given and it has no default value: help and the README say it. */
  unset?: string;
  /** A value that must never appear in any output. */
  secret?: boolean;
  commands: readonly CommandName[];
  /** The commands that cannot run without it. */
  requiredBy?: readonly CommandName[];
  /**
   * Whether writer.config.json may set it: `true`, `'reference'` for a secret the file may only
   * name as a "${VAR}" reference, absent for a flag of the command line alone.
   */
  file?: true | 'reference';
}

export type SettingDefinition = SettingBase &
  (
    | ({ type: 'string'; default?: string } & Constraints)
    | ({ type: 'integer' | 'number'; default?: number } & Constraints)
    | { type: 'boolean'; default?: boolean; negatable?: true }
    | ({ type: 'list'; default?: readonly string[]; variadic?: true; alsoOne?: true } & { items?: Constraints })
    | { type: 'choices'; choices: readonly string[]; default?: string }
  );

const URL_PATTERN = '^https?://';
const NONEMPTY = { minLength: 1 } as const;
const SECONDS = { exclusiveMinimum: 0, maximum: MAX_TIMER_SECONDS } as const;

export const SETTINGS = {
  spec: {
    type: 'list',
    variadic: true,
    alsoOne: true,
    items: NONEMPTY,
    flag: '--spec',
    argument: '<paths...>',
    env: 'SPEC_JSON_PATH',
    help: "spec JSON files, folders or quoted globs such as 'specs/**/*.json'; more than one file, a folder or a glob is a batch",
    doc: "spec JSON files, folders or quoted globs (`'specs/**/*.json'`, expanded by writer); more than one file, a folder or a glob is a batch",
    commands: ['generate'],
    requiredBy: ['generate'],
    file: true,
  },
  config: {
    type: 'string',
    ...NONEMPTY,
    flag: '--config',
    argument: '<file>',
    help: 'settings file for a team',
    helpIn: { lint: 'settings file for variable and language' },
    unset: 'writer.config.json in the working folder, when present',
    doc: 'settings file for a team (see below)',
    docIn: { login: 'settings file', lint: 'settings file for `variable` and `language`' },
    commands: RESOLVING,
  },
  concurrency: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PARALLEL,
    default: defaults.DEFAULT_CONCURRENCY,
    flag: '--concurrency',
    argument: '<n>',
    help: 'specs generated at once in a batch',
    commands: ['generate'],
    file: true,
  },
  shard: {
    type: 'string',
    pattern: '^\\d+/\\d+$',
    flag: '--shard',
    argument: '<I/N>',
    help: 'generate only the I-th of N slices of the sorted specs',
    unset: 'CI_NODE_INDEX/CI_NODE_TOTAL',
    doc: 'generate only the I-th of N slices of the sorted specs (GitLab CI `parallel: N`)',
    commands: ['generate'],
    file: true,
  },
  junit: {
    type: 'string',
    ...NONEMPTY,
    flag: '--junit',
    argument: '<file>',
    help: 'write a JUnit XML report, one testcase per spec',
    doc: 'write a JUnit XML report, one testcase per spec; a failure carries the error and the problems of the suite',
    commands: ['generate'],
    file: true,
  },
  out: {
    type: 'string',
    ...NONEMPTY,
    default: defaults.DEFAULT_OUTPUT_DIR,
    flag: '--out',
    argument: '<dir>',
    env: 'OUTPUT_DIR',
    help: 'output folder; the suite goes to <dir>/<rf.target_path>',
    doc: 'output folder; the suite goes to `<dir>/<rf.target_path>`',
    commands: RUN_COMMANDS,
    file: true,
  },
  mcpUrl: {
    type: 'string',
    pattern: URL_PATTERN,
    flag: '--mcp-url',
    argument: '<url>',
    env: 'GITLAB_MCP_URL',
    help: 'MCP server URL, streamable HTTP',
    helpIn: { init: 'MCP server URL, streamable HTTP (asked when not given)', login: 'the MCP server to sign in to' },
    doc: 'MCP server endpoint (streamable HTTP); `generate` needs none with `--repo`',
    docIn: {
      'login': 'the MCP server to sign in to (or `mcpUrl` of `writer.config.json`)',
      'init': 'MCP server endpoint (asked when not given)',
    },
    commands: [...MCP_COMMANDS, 'login', 'logout', 'init'],
    // generate runs without one with --repo; doctor reports it missing as its first check.
    requiredBy: ['generate', 'tools', 'login', 'logout'],
    file: true,
  },
  repo: {
    type: 'string',
    ...NONEMPTY,
    flag: '--repo',
    argument: '<dir>',
    help: 'serve this local checkout to the model in place of an MCP server (exclusive with --mcp-url)',
    doc: 'serve this local checkout to the model through an embedded MCP server instead; exclusive with `--mcp-url`',
    commands: ['generate'],
    file: true,
  },
  mcpHeader: {
    type: 'list',
    items: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+:" },
    default: [],
    flag: '--mcp-header',
    argument: '<header>',
    help: 'header sent to the MCP server, "Name: value"',
    doc: 'extra header for the MCP server, repeatable; beats the token for the same header; a credential header (a name with `authorization`, `token`, `key`, `cookie` or `secret`) beats a stored sign-in',
    commands: MCP_COMMANDS,
    file: true,
  },
  mcpToken: {
    type: 'string',
    secret: true,
    flag: '--mcp-token',
    argument: '<token>',
    env: 'GITLAB_MCP_TOKEN',
    help: 'sent to the MCP server as "Authorization: Bearer <token>"',
    doc: 'sent as `Authorization: Bearer <token>`; beats a stored sign-in of `writer login`',
    commands: MCP_COMMANDS,
  },
  oauthClientId: {
    type: 'string',
    minLength: 1,
    pattern: '^\\S+$',
    flag: '--oauth-client-id',
    argument: '<id>',
    help: 'the client registered by hand that writer login used (secret: env WRITER_OAUTH_CLIENT_SECRET)',
    helpIn: { login: 'a client registered by hand, for servers without dynamic registration (secret: env WRITER_OAUTH_CLIENT_SECRET)' },
    doc: 'the client registered by hand that `writer login` used (its secret: `WRITER_OAUTH_CLIENT_SECRET`), needed to refresh the sign-in of a confidential client',
    docIn: { login: 'use a client registered by hand, for servers that do not let clients register themselves' },
    commands: [...MCP_COMMANDS, 'login'],
    file: true,
  },
  oauthClientSecret: {
    type: 'string',
    ...NONEMPTY,
    secret: true,
    env: 'WRITER_OAUTH_CLIENT_SECRET',
    help: 'the secret of the client registered by hand (--oauth-client-id), if it has one',
    doc: 'the secret of the client registered by hand (`--oauth-client-id`), if it has one: environment only, and in `writer.config.json` only as a reference',
    commands: [...MCP_COMMANDS, 'login'],
    file: 'reference',
  },
  projectId: {
    type: 'string',
    ...NONEMPTY,
    flag: '--project-id',
    argument: '<id>',
    env: 'GITLAB_PROJECT_ID',
    help: 'GitLab project id or path, filled into every tool call',
    helpIn: { init: 'GitLab project id or path (asked when not given)' },
    doc: 'project filled into every tool call',
    docIn: { init: 'GitLab project, id or path (asked when not given)' },
    commands: [...MCP_COMMANDS, 'init'],
    file: true,
  },
  ref: {
    type: 'string',
    ...NONEMPTY,
    flag: '--ref',
    argument: '<ref>',
    env: 'GITLAB_REF',
    help: 'branch, tag or commit, filled into every tool call',
    helpIn: { init: 'branch, tag or commit to read (asked when not given, main suggested)' },
    doc: 'branch, tag or commit filled into every tool call',
    docIn: { init: 'branch, tag or commit to read (asked when not given; `main` suggested)' },
    commands: [...MCP_COMMANDS, 'init'],
    file: true,
  },
  inject: {
    type: 'list',
    items: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*=.*$' },
    default: [],
    flag: '--inject',
    argument: '<name=value>',
    help: 'fill this parameter into every tool that has it',
    doc: 'fill this parameter into every tool that has it, hidden from the model (repeatable)',
    commands: MCP_COMMANDS,
    file: true,
  },
  tools: {
    type: 'string',
    pattern: '^[^,]+(,[^,]+)*$',
    flag: '--tools',
    argument: '<names>',
    help: 'offer exactly these tools, comma-separated (read-only still applies)',
    doc: 'offer exactly these tools (read-only still applies)',
    commands: MCP_COMMANDS,
    file: true,
  },
  allowTool: {
    type: 'list',
    items: NONEMPTY,
    default: [],
    flag: '--allow-tool',
    argument: '<glob>',
    help: 'also offer read-only tools matching the glob',
    doc: "also offer tools matching the glob, e.g. `'list_*'` (repeatable; read-only still applies)",
    commands: MCP_COMMANDS,
    file: true,
  },
  denyTool: {
    type: 'list',
    items: NONEMPTY,
    default: [],
    flag: '--deny-tool',
    argument: '<glob>',
    help: 'never offer tools matching the glob',
    doc: 'never offer tools matching the glob (repeatable)',
    commands: MCP_COMMANDS,
    file: true,
  },
  allowWriteTools: {
    type: 'boolean',
    default: false,
    flag: '--allow-write-tools',
    help: 'let the model use tools that may change the repository (off by default)',
    doc: 'let the model use tools that may change the repository; without it, only read-only tools are offered and executed',
    commands: MCP_COMMANDS,
    file: true,
  },
  fullSchemas: {
    type: 'boolean',
    default: false,
    flag: '--full-schemas',
    help: "offer the tools' descriptions and schemas as the server gives them, not compacted",
    doc: "offer the tools' descriptions and schemas as the server gives them, not compacted (see below)",
    commands: MCP_COMMANDS,
    file: true,
  },
  model: {
    type: 'string',
    ...NONEMPTY,
    flag: '--model',
    argument: '<name>',
    env: 'OPENAI_MODEL_WRITER',
    help: 'chat model',
    helpIn: { init: 'chat model (asked when not given)' },
    docIn: { init: 'chat model (asked when not given)' },
    commands: ['generate', 'doctor', 'init'],
    requiredBy: ['generate'],
    file: true,
  },
  baseUrl: {
    type: 'string',
    pattern: URL_PATTERN,
    flag: '--base-url',
    argument: '<url>',
    env: 'OPENAI_BASE_URL',
    help: 'OpenAI-compatible endpoint; beats --provider',
    helpIn: { init: 'OpenAI-compatible endpoint, written to the config' },
    unset: "the provider's",
    doc: 'any OpenAI-compatible endpoint (Ollama, llama.cpp, vLLM, LM Studio); beats `--provider`',
    docIn: { init: 'written to the file: an OpenAI-compatible endpoint' },
    commands: [...ENDPOINT_COMMANDS, 'init'],
    file: true,
  },
  apiKey: {
    type: 'string',
    secret: true,
    flag: '--api-key',
    argument: '<key>',
    env: 'OPENAI_API_KEY',
    help: 'API key; optional with --base-url or a local --provider',
    doc: 'API key; required for OpenAI, optional with `--base-url` or a local `--provider`',
    commands: ENDPOINT_COMMANDS,
  },
  provider: {
    type: 'choices',
    choices: PROVIDERS,
    flag: '--provider',
    argument: '<name>',
    env: 'WRITER_PROVIDER',
    help: 'the kind of server: sets the default --base-url',
    helpIn: { init: 'the kind of server, written to the config' },
    unset: 'openai',
    doc: 'the kind of server: sets the default `--base-url`',
    docIn: { init: 'the kind of server, written to the file' },
    commands: [...ENDPOINT_COMMANDS, 'init'],
    file: true,
  },
  toolFormat: {
    type: 'choices',
    choices: TOOL_FORMATS,
    default: 'auto',
    flag: '--tool-format',
    argument: '<how>',
    env: 'WRITER_TOOL_FORMAT',
    help: 'native tool calls, text (<tool_call> blocks in the prompt), or auto: native, text when the server refuses tools',
    doc: "`native` (the server's tool calls), `text` (`<tool_call>` blocks described in the prompt) or `auto` (native, text when the server refuses tools)",
    commands: ['generate', 'doctor'],
    file: true,
  },
  temperature: {
    type: 'number',
    minimum: 0,
    maximum: MAX_TEMPERATURE,
    default: defaults.DEFAULT_TEMPERATURE,
    flag: '--temperature',
    argument: '<t>',
    help: 'sampling temperature',
    commands: ['generate'],
    file: true,
  },
  maxRounds: {
    type: 'integer',
    minimum: 1,
    default: defaults.DEFAULT_MAX_ROUNDS,
    flag: '--max-rounds',
    argument: '<n>',
    help: 'model rounds before giving up',
    doc: 'model rounds before giving up (exit 1)',
    commands: ['generate'],
    file: true,
  },
  maxToolCalls: {
    type: 'integer',
    minimum: 1,
    flag: '--max-tool-calls',
    argument: '<n>',
    help: 'tool calls before giving up',
    unset: 'no limit',
    doc: 'tool calls before giving up (exit 1)',
    commands: ['generate'],
    file: true,
  },
  maxTokens: {
    type: 'integer',
    minimum: 1,
    flag: '--max-tokens',
    argument: '<n>',
    help: 'prompt + completion tokens before giving up',
    unset: 'no limit',
    doc: 'prompt + completion tokens; once spent, no further request is sent (exit 1), though a suite already answered is kept; estimated from characters when the server reports no usage',
    commands: ['generate'],
    file: true,
  },
  maxBatchTokens: {
    type: 'integer',
    minimum: 1,
    flag: '--max-batch-tokens',
    argument: '<n>',
    help: 'prompt + completion tokens of a whole batch; specs not yet started are then not run',
    unset: 'no limit',
    doc: 'prompt + completion tokens of a whole batch (a single spec counts as a batch of one); once spent, running specs send no further request and specs not yet started are reported as not run (exit 1); suites already written are kept',
    commands: ['generate'],
    file: true,
  },
  maxReplyTokens: {
    type: 'integer',
    minimum: 1,
    default: defaults.DEFAULT_MAX_REPLY_TOKENS,
    flag: '--max-reply-tokens',
    argument: '<n>',
    help: 'the longest reply the model may write, sent with every request',
    doc: 'the longest reply the model may write, sent with every request (`max_completion_tokens` to OpenAI, `max_tokens` to the other servers); a reply cut there (`finish_reason: length`) fails the run (exit 1) and is never taken as an answer. Reasoning models count their reasoning here; models with a lower output limit need a lower value',
    commands: ['generate'],
    file: true,
  },
  priceInput: {
    type: 'number',
    minimum: 0,
    flag: '--price-input',
    argument: '<price>',
    help: 'price per million prompt tokens, for an estimated cost in the reports',
    doc: 'price per million prompt tokens; with `--price-output`, every report adds an estimated cost',
    commands: ['generate'],
    file: true,
  },
  priceCachedInput: {
    type: 'number',
    minimum: 0,
    flag: '--price-cached-input',
    argument: '<price>',
    help: 'price per million cached prompt tokens',
    unset: '--price-input',
    commands: ['generate'],
    file: true,
  },
  priceOutput: {
    type: 'number',
    minimum: 0,
    flag: '--price-output',
    argument: '<price>',
    help: 'price per million completion tokens, for an estimated cost in the reports',
    doc: 'price per million completion tokens',
    commands: ['generate'],
    file: true,
  },
  conventions: {
    type: 'string',
    ...NONEMPTY,
    default: defaults.DEFAULT_CONVENTIONS_PATH,
    flag: '--conventions',
    argument: '<path>',
    help: 'conventions document in the repository, or "none"',
    doc: 'conventions document in the repository; `none` runs without one',
    commands: ['generate', 'doctor'],
    file: true,
  },
  retries: {
    type: 'integer',
    minimum: 0,
    maximum: MAX_RETRIES,
    default: defaults.DEFAULT_RETRIES,
    flag: '--retries',
    argument: '<n>',
    help: 'retries of a failed model request, honouring Retry-After up to --max-retry-wait',
    doc: 'retries of a failed model request (408, 409, 429, 5xx, timeouts, dropped connections) by the openai SDK, honouring `Retry-After` up to `--max-retry-wait`; each retry is announced on stderr with the wait asked for, and Ctrl-C ends a wait',
    commands: ['generate'],
    file: true,
  },
  timeout: {
    type: 'number',
    ...SECONDS,
    default: defaults.DEFAULT_TIMEOUT_MS / 1000,
    flag: '--timeout',
    argument: '<seconds>',
    help: 'timeout of one model request',
    doc: 'timeout of one model request, the whole streamed reply included',
    commands: ['generate'],
    file: true,
  },
  maxRetryWait: {
    type: 'number',
    minimum: 0,
    maximum: MAX_TIMER_SECONDS,
    default: defaults.DEFAULT_MAX_RETRY_WAIT_MS / 1000,
    flag: '--max-retry-wait',
    argument: '<seconds>',
    help: 'longest Retry-After a retry waits out; a 429 asking for more fails at once',
    doc: 'the longest `Retry-After` (or `retry-after-ms`) a retry waits out; an answer asking for longer fails the request at once (exit 3), naming the status and the wait asked for',
    commands: ['generate'],
    file: true,
  },
  toolConcurrency: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PARALLEL,
    default: defaults.DEFAULT_TOOL_CONCURRENCY,
    flag: '--tool-concurrency',
    argument: '<n>',
    help: 'tool calls of one reply run at once',
    doc: 'tool calls of one reply that run at once',
    commands: ['generate'],
    file: true,
  },
  toolTimeout: {
    type: 'number',
    ...SECONDS,
    default: defaults.DEFAULT_TOOL_TIMEOUT_MS / 1000,
    flag: '--tool-timeout',
    argument: '<seconds>',
    help: 'a tool call that takes longer is reported to the model as failed',
    commands: ['generate'],
    file: true,
  },
  maxToolChars: {
    type: 'integer',
    minimum: MIN_TOOL_CHARS,
    default: defaults.DEFAULT_MAX_TOOL_CHARS,
    flag: '--max-tool-chars',
    argument: '<n>',
    help: 'longer tool results keep their head and tail',
    doc: 'longer tool results keep their head and tail, with a marker',
    commands: ['generate'],
    file: true,
  },
  repairRounds: {
    type: 'integer',
    minimum: 0,
    default: defaults.DEFAULT_REPAIR_ROUNDS,
    flag: '--repair-rounds',
    argument: '<n>',
    help: 'times a failing suite goes back to the model',
    doc: 'times a failing answer goes back to the model with its problems',
    commands: ['generate'],
    file: true,
  },
  validate: {
    type: 'choices',
    choices: VALIDATIONS,
    default: 'auto',
    flag: '--validate',
    argument: '<how>',
    help:
      "auto: also Robot Framework's parser, RobotCode's analyzer and Robocop when installed; robot: require Robot Framework " +
      '(its parser and libdoc, no analyzer); robotcode: require the analyzer too; builtin: built-in checks only, no Python',
    doc: "`auto`: the built-in checks, plus what is installed for the Python that runs Robot Framework (`WRITER_PYTHON`, else `python3`): Robot's own parser and libdoc, RobotCode's analyzer, Robocop; `robot`: require Robot Framework (exit 2 without it) and use its parser and libdoc, without the analyzer; `robotcode`: require RobotCode's analyzer too (exit 2 without it); `builtin`: the built-in checks only, no Python at all. See [Checks](#checks-repair-and-writer-lint)",
    docIn: { lint: '`auto`, `robot`, `robotcode` or `builtin`, as for `generate`; all the files share one Python helper' },
    commands: ['generate', 'lint'],
    file: true,
  },
  variable: {
    type: 'list',
    items: { pattern: '^[^:\\s][^:]*(:.*)?$' },
    default: [],
    flag: '--variable',
    argument: '<name>',
    help: 'a variable the team gives robot on the command line, NAME or NAME:value, as robot --variable',
    doc: 'a variable the team gives `robot` on the command line, so the checks take it as defined (repeatable)',
    docIn: { lint: 'a variable given on the command line, as `robot --variable` (repeatable)' },
    commands: ['generate', 'lint'],
    file: true,
  },
  language: {
    type: 'list',
    items: NONEMPTY,
    default: [],
    flag: '--language',
    argument: '<lang>',
    help: "a language the repository's Robot files are written in besides English, as robot --language",
    doc: "a language the repository's Robot files are written in besides English, as `robot --language` (repeatable; exit 2 for a language Robot does not know); robot.toml `languages` count too",
    docIn: {
      'lint':
        'a language the files may be written in besides English, code or name (`fr`, `German`), as `robot --language` (repeatable; exit 2 for a language Robot does not know)',
    },
    commands: ['generate', 'lint'],
    file: true,
  },
  pythonpath: {
    type: 'list',
    items: NONEMPTY,
    default: [],
    flag: '--pythonpath',
    argument: '<dir>',
    help: 'a folder Robot also searches for resources and variable files, as robot --pythonpath',
    doc: 'a folder Robot also searches for resources, libraries and variable files, as `robot --pythonpath` (repeatable)',
    commands: ['lint'],
  },
  transcript: {
    type: 'string',
    ...NONEMPTY,
    flag: '--transcript',
    argument: '<file>',
    help: 'write the whole conversation as JSON to this file, also when the run fails (secrets redacted)',
    doc: 'write the whole conversation as JSON, also when the run fails: every message as the model got it, each tool call (final arguments, result size, error and repeat flags, duration), usage (cached tokens included) and timings per round, the settings (prices included), status and error; secrets redacted',
    commands: ['generate'],
    file: true,
  },
  record: {
    type: 'string',
    ...NONEMPTY,
    flag: '--record',
    argument: '<file>',
    help: 'save what the run received (model replies, tool results, spec, settings; secrets redacted) for writer replay',
    doc: 'save everything the run received (model replies, tool results, spec, settings; secrets redacted) for `writer replay`; written also when the run fails; records new generations only (not with `--update` or `--changed-only`)',
    commands: ['generate'],
    file: true,
  },
  dryRun: {
    type: 'boolean',
    default: false,
    flag: '--dry-run',
    help: 'print the suite to stdout and write nothing',
    doc: 'print the suite to stdout, write nothing',
    commands: RUN_COMMANDS,
    file: true,
  },
  json: {
    type: 'boolean',
    default: false,
    flag: '--json',
    help: 'print one JSON summary on stdout at the end',
    helpIn: {
      tools: 'print an array of tools as JSON',
      models: 'print a JSON array of model names',
      lint: 'print the report as JSON',
    },
    docIn: {
      'lint':
        'print the report as JSON: `{"files":[{"file","errors":[{line,message,suggestions?}],"notes":[…]}],"unreadable":[…],"warnings":[…]}`',
    },
    commands: [...RUN_COMMANDS, 'tools', 'models', 'lint'],
    file: true,
  },
  force: {
    type: 'boolean',
    default: false,
    flag: '--force',
    help: 'overwrite an existing suite (exclusive with --update)',
    helpIn: {
      demo: 'overwrite the suite of an earlier demo',
      init: 'replace writer.config.json, specs/example.json and .gitlab-ci.yml when they exist',
    },
    doc: 'overwrite an existing suite with a new one (exclusive with `--update`)',
    docIn: { init: 'replace `writer.config.json`, `specs/example.json` and `.gitlab-ci.yml` when they exist' },
    commands: [...RUN_COMMANDS, 'init'],
    file: true,
  },
  changedOnly: {
    type: 'boolean',
    default: false,
    flag: '--changed-only',
    help: 'skip specs whose suite is up to date by <out>/.writer/manifest.json; update the other existing suites',
    doc: 'skip a spec whose suite is up to date by the manifest (`<out>/.writer/manifest.json`): no model request, shown as `skipped (up to date)`; a spec without a suite is generated, any other existing suite is updated as with `--update` (or regenerated with `--force`)',
    commands: ['generate'],
    file: true,
  },
  update: {
    type: 'boolean',
    default: false,
    flag: '--update',
    help: 'change an existing suite in place (from --out, else the repository), keeping what people wrote into it',
    doc: "change an existing suite in place (the one in `--out`, else the repository's, read through the tools), keeping what people wrote into it; a spec without a suite anywhere gets a new one",
    commands: ['generate'],
    file: true,
  },
  allowRemovals: {
    type: 'boolean',
    default: false,
    flag: '--allow-removals',
    help: 'let an update drop test cases or keywords the spec does not list in rf.remove',
    doc: 'let an update drop test cases or keywords the spec does not list in `rf.remove`',
    commands: ['generate'],
    file: true,
  },
  prune: {
    type: 'boolean',
    default: false,
    flag: '--prune',
    help: 'at the end of a batch, delete suites whose spec no longer exists, when unchanged since written',
    doc: 'at the end of a batch, delete the orphaned suites (their spec went away) that are unchanged since written, and drop their manifest entries',
    commands: ['generate'],
    file: true,
  },
  scope: {
    type: 'string',
    minLength: 1,
    // RFC 6749's scope-token characters, one space between tokens.
    pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$',
    flag: '--scope',
    argument: '<scopes>',
    help: 'scopes to ask for, space-separated',
    unset: 'what the server advertises; GitLab: mcp',
    doc: "space-separated scopes to ask for; GitLab's own server takes only tokens with `mcp`, and GitLab's documentation tells clients to ask for it (newer versions also give it by default to clients that register themselves)",
    commands: ['login'],
    file: true,
  },
  loginTimeout: {
    type: 'number',
    ...SECONDS,
    default: defaults.DEFAULT_LOGIN_TIMEOUT_MS / 1000,
    flag: '--login-timeout',
    argument: '<seconds>',
    help: 'how long to wait for the browser to come back',
    doc: 'how long to wait for the browser to come back; then exit `3`',
    commands: ['login'],
    file: true,
  },
  browser: {
    type: 'boolean',
    negatable: true,
    default: true,
    flag: '--no-browser',
    help: 'print the sign-in URL instead of opening a browser',
    commands: ['login'],
  },
  mcpTokenVar: {
    type: 'string',
    default: 'GITLAB_MCP_TOKEN',
    flag: '--mcp-token-var',
    argument: '<name>',
    help: 'environment variable holding the MCP token, referenced as ${NAME}; writer reads the default one without a setting',
    doc: 'the variable holding the MCP token, written as a `${NAME}` reference; writer reads the default one without a setting',
    commands: ['init'],
  },
  image: {
    type: 'string',
    ...NONEMPTY,
    flag: '--image',
    argument: '<ref>',
    help: "writer's CI image for the CI job",
    unset: "node:20 with the repository's npm ci",
    doc: "the CI job runs on this image (writer's image, see [The CI image](#the-ci-image)) instead of `node:20` with `npm ci`",
    commands: ['init'],
  },
  yes: {
    type: 'boolean',
    default: false,
    flag: '--yes',
    short: '-y',
    help: 'ask nothing: flags, then the variables (GITLAB_MCP_URL, ...), then defaults',
    doc: 'ask nothing',
    commands: ['init'],
  },
  doctor: {
    type: 'boolean',
    negatable: true,
    default: true,
    flag: '--no-doctor',
    help: 'do not run writer doctor afterwards',
    doc: 'do not run `writer doctor` afterwards',
    commands: ['init'],
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof SETTINGS;

type ValueOf<D> = D extends { type: 'integer' | 'number' }
  ? number
  : D extends { type: 'boolean' }
    ? boolean
    : D extends { type: 'list' }
      ? string[]
      : D extends { type: 'choices'; choices: readonly (infer C)[] }
        ? C
        : string;

/** Every setting with the type of its value: those with a default always have one. */
export type Settings = {
  [K in SettingName as (typeof SETTINGS)[K] extends { default: unknown } ? K : never]: ValueOf<(typeof SETTINGS)[K]>;
} & {
  [K in SettingName as (typeof SETTINGS)[K] extends { default: unknown } ? never : K]?: ValueOf<(typeof SETTINGS)[K]>;
};

/** The settings writer.config.json may hold. */
export type FileSettingName = {
  [K in SettingName]: (typeof SETTINGS)[K] extends { file: true | 'reference' } ? K : never;
}[SettingName];
export type FileSettings = { [K in FileSettingName]?: K extends 'spec' ? string | string[] : ValueOf<(typeof SETTINGS)[K]> };

/** The table's entries with their names, in table order, as the general type (for code that walks them all). */
export function settingEntries(): Array<[SettingName, SettingDefinition]> {
  const names = Object.keys(SETTINGS).filter((name): name is SettingName => name in SETTINGS);
  return names.map((name) => [name, SETTINGS[name]]);
}

/** The settings a command takes, in table order. */
export function settingsOf(command: CommandName): Array<[SettingName, SettingDefinition]> {
  return settingEntries().filter(([, setting]) => setting.commands.includes(command));
}

/** Whether `command` reads a setting's variable when its flag is not given. */
export function readsEnvironment(command: CommandName): boolean {
  return RESOLVING.some((name) => name === command);
}

/** The settings `command` cannot run without. */
export function requiredBy(command: CommandName): SettingName[] {
  return settingEntries()
    .filter(([, setting]) => setting.requiredBy?.includes(command))
    .map(([name]) => name);
}

/** How a message names a setting: its flag and variable, or whichever it has. */
export function describeSetting(name: string): string {
  const setting = settingEntries().find(([key]) => key === name)?.[1];
  if (!setting) return name;
  if (!setting.flag) return setting.env ?? name;
  return setting.env ? `${setting.flag} (or ${setting.env})` : setting.flag;
}
