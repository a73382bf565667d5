// The table of settings generate reads: each one's flag, environment variable
// (the Python prototype's names, so its CI jobs keep working) and default.

import * as defaults from './defaults.js';

export interface SettingSource {
  /** Absent for a secret only the environment may give (it would show in `ps` as a flag). */
  flag?: string;
  env?: string;
  default?: unknown;
}

export const GENERATE_SETTINGS = {
  spec: { flag: '--spec', env: 'SPEC_JSON_PATH' },
  out: { flag: '--out', env: 'OUTPUT_DIR', default: defaults.DEFAULT_OUTPUT_DIR },
  mcpUrl: { flag: '--mcp-url', env: 'GITLAB_MCP_URL' },
  mcpToken: { flag: '--mcp-token', env: 'GITLAB_MCP_TOKEN' },
  mcpHeader: { flag: '--mcp-header', default: [] },
  repo: { flag: '--repo' },
  projectId: { flag: '--project-id', env: 'GITLAB_PROJECT_ID' },
  ref: { flag: '--ref', env: 'GITLAB_REF' },
  model: { flag: '--model', env: 'OPENAI_MODEL_WRITER' },
  baseUrl: { flag: '--base-url', env: 'OPENAI_BASE_URL' },
  apiKey: { flag: '--api-key', env: 'OPENAI_API_KEY' },
  provider: { flag: '--provider', env: 'WRITER_PROVIDER' },
  toolFormat: { flag: '--tool-format', env: 'WRITER_TOOL_FORMAT', default: 'auto' },
  temperature: { flag: '--temperature', default: defaults.DEFAULT_TEMPERATURE },
  maxRounds: { flag: '--max-rounds', default: defaults.DEFAULT_MAX_ROUNDS },
  maxToolCalls: { flag: '--max-tool-calls' },
  maxTokens: { flag: '--max-tokens' },
  maxBatchTokens: { flag: '--max-batch-tokens' },
  maxReplyTokens: { flag: '--max-reply-tokens', default: defaults.DEFAULT_MAX_REPLY_TOKENS },
  priceInput: { flag: '--price-input' },
  priceCachedInput: { flag: '--price-cached-input' },
  priceOutput: { flag: '--price-output' },
  conventions: { flag: '--conventions', default: defaults.DEFAULT_CONVENTIONS_PATH },
  retries: { flag: '--retries', default: defaults.DEFAULT_RETRIES },
  timeout: { flag: '--timeout', default: defaults.DEFAULT_TIMEOUT_MS / 1000 },
  maxRetryWait: { flag: '--max-retry-wait', default: defaults.DEFAULT_MAX_RETRY_WAIT_MS / 1000 },
  toolConcurrency: { flag: '--tool-concurrency', default: defaults.DEFAULT_TOOL_CONCURRENCY },
  toolTimeout: { flag: '--tool-timeout', default: defaults.DEFAULT_TOOL_TIMEOUT_MS / 1000 },
  maxToolChars: { flag: '--max-tool-chars', default: defaults.DEFAULT_MAX_TOOL_CHARS },
  repairRounds: { flag: '--repair-rounds', default: defaults.DEFAULT_REPAIR_ROUNDS },
  validate: { flag: '--validate', default: 'auto' },
  variable: { flag: '--variable', default: [] },
  language: { flag: '--language', default: [] },
  transcript: { flag: '--transcript' },
  record: { flag: '--record' },
  tools: { flag: '--tools' },
  allowTool: { flag: '--allow-tool', default: [] },
  denyTool: { flag: '--deny-tool', default: [] },
  allowWriteTools: { flag: '--allow-write-tools', default: false },
  fullSchemas: { flag: '--full-schemas', default: false },
  inject: { flag: '--inject', default: [] },
  concurrency: { flag: '--concurrency', default: defaults.DEFAULT_CONCURRENCY },
  shard: { flag: '--shard' },
  junit: { flag: '--junit' },
  dryRun: { flag: '--dry-run', default: false },
  json: { flag: '--json', default: false },
  force: { flag: '--force', default: false },
  oauthClientId: { flag: '--oauth-client-id' },
  oauthClientSecret: { env: 'WRITER_OAUTH_CLIENT_SECRET' },
  scope: { flag: '--scope' },
  loginTimeout: { flag: '--login-timeout', default: defaults.DEFAULT_LOGIN_TIMEOUT_MS / 1000 },
  changedOnly: { flag: '--changed-only', default: false },
  update: { flag: '--update', default: false },
  allowRemovals: { flag: '--allow-removals', default: false },
  prune: { flag: '--prune', default: false },
} as const satisfies Record<string, SettingSource>;

export type GenerateSettingName = keyof typeof GENERATE_SETTINGS;
