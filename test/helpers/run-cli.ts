// Runs the real CLI (bin/writer.js) as a subprocess, asynchronously so that
// servers living in the test process can answer it.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const CLI = fileURLToPath(new URL('../../bin/writer.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Variables of the host that would leak into a run; tests set what they need. */
const HOST_SETTINGS = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL_WRITER',
  'GITLAB_MCP_URL',
  'GITLAB_MCP_TOKEN',
  'GITLAB_PROJECT_ID',
  'GITLAB_REF',
  'SPEC_JSON_PATH',
  'OUTPUT_DIR',
  'CI_NODE_INDEX',
  'CI_NODE_TOTAL',
  'NO_COLOR',
  'WRITER_PROVIDER',
  'WRITER_TOOL_FORMAT',
  'WRITER_OAUTH_CLIENT_SECRET',
  'XDG_CONFIG_HOME',
];

/** A config folder of no one (test/setup/config-home.ts), so that no run reads or writes the sign-ins of the real user. */
function testConfigHome(): string {
  return inject('configHome');
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called with the child once it runs, e.g. to send it SIGINT. */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
  timeoutMs?: number;
}

/** The environment of a run: the host's without its writer settings, CI set, then `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, CI: 'true' };
  for (const name of HOST_SETTINGS) delete env[name];
  env.XDG_CONFIG_HOME = testConfigHome();
  return Object.assign(env, extra);
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const env = cliEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/** Addresses where nothing listens, for settings a test leaves without a server. */
const NOWHERE_MODEL = 'http://127.0.0.1:9/v1';
const NOWHERE_MCP = 'http://127.0.0.1:9/mcp';

export interface TestServers {
  mcp?: { url: string };
  model?: { baseURL: string };
  mcpToken?: string;
  apiKey?: string;
}

/** The settings of a run against the test servers: the scripted model, and the fixture project at its ref. */
export function writerEnv(servers: TestServers, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    OPENAI_BASE_URL: servers.model?.baseURL ?? NOWHERE_MODEL,
    OPENAI_MODEL_WRITER: 'gpt-test',
    GITLAB_MCP_URL: servers.mcp?.url ?? NOWHERE_MCP,
    GITLAB_PROJECT_ID: '42',
    GITLAB_REF: 'qa-fixtures',
    ...(servers.mcpToken ? { GITLAB_MCP_TOKEN: servers.mcpToken } : {}),
    ...(servers.apiKey ? { OPENAI_API_KEY: servers.apiKey } : {}),
    ...extra,
  };
}
