// writer doctor end to end: the real CLI against the SDK-built MCP server and the scripted
// OpenAI-compatible server, healthy and with one piece broken at a time.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fixtures/openai-server.js';
import { runCli, type CliRun, writerEnv } from '../helpers/run-cli.js';

const MCP_TOKEN = 'mcp-secret-token-doctor-1122';
const API_KEY = 'sk-doctor-key-3344';
const CHECKS = ['settings', 'MCP server', 'MCP auth', 'tools', 'conventions', 'model endpoint', 'model', 'tool request'];

let mcp: TestMcpServer;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: MCP_TOKEN });
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp.close();
});

async function serve(options: Partial<FakeOpenAIOptions> = {}): Promise<FakeOpenAI> {
  model = await startFakeOpenAI({ turns: [{ content: 'OK' }], apiKey: API_KEY, models: ['gpt-test'], ...options });
  return model;
}

function doctor(env: Record<string, string | undefined> = {}, flags: string[] = []): Promise<CliRun> {
  return runCli(['doctor', ...flags], {
    env: writerEnv({ mcp, model, mcpToken: MCP_TOKEN, apiKey: API_KEY }, env),
  });
}

/** The output as [mark, check, rest] per line. */
function lines(run: CliRun): Array<[string, string, string]> {
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^(✓|✗|–) ([^:]+): (.*)$/.exec(line);
      if (!match) throw new Error(`not a check line: ${line}`);
      return [match[1] as string, match[2] as string, match[3] as string];
    });
}

function line(run: CliRun, check: string): string {
  const found = lines(run).find(([, name]) => name === check);
  if (!found) throw new Error(`no line for ${check} in:\n${run.stdout}`);
  return `${found[0]} ${found[1]}: ${found[2]}`;
}

function expectClean(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout + run.stderr).not.toContain(MCP_TOKEN);
  expect(run.stdout + run.stderr).not.toContain(API_KEY);
}

describe('writer doctor', () => {
  it('passes every check of a healthy setup, one line each, and exits 0', async () => {
    const server = await serve();
    const run = await doctor();
    expect(run.code).toBe(0);
    expect(lines(run).map(([mark, check]) => `${mark} ${check}`)).toEqual(CHECKS.map((check) => `✓ ${check}`));
    expect(line(run, 'settings')).toBe(
      `✓ settings: MCP server ${mcp.url}, project 42, ref qa-fixtures; model gpt-test at ${server.baseURL} (openai, tool format auto)`,
    );
    expect(line(run, 'MCP auth')).toBe('✓ MCP auth: static credentials accepted (Authorization)');
    expect(line(run, 'tools')).toMatch(/^✓ tools: 10 listed, 6 offered to the model; injected: project_id, ref \(.*get_file_contents.*\)$/);
    expect(line(run, 'conventions')).toMatch(
      /^✓ conventions: doc\/convention\.md read \(project 42, ref qa-fixtures, \d+ characters, with get_file_contents\)$/,
    );
    expect(line(run, 'model')).toBe('✓ model: gpt-test is served');
    // The probe: one small streamed request carrying one tool.
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.tools?.map((tool) => tool.function.name)).toEqual(['writer_ping']);
    expect(server.requests[0]?.max_tokens).toBeLessThanOrEqual(16);
    expect(server.failures).toEqual([]);
    expect(mcp.sessionsClosed).toBe(1);
    expectClean(run);
  });

  it('pinpoints a refused MCP token (exit 3), and still checks the model', async () => {
    await serve();
    const run = await doctor({ GITLAB_MCP_TOKEN: 'wrong-token-5566' });
    expect(run.code).toBe(3);
    expect(line(run, 'MCP server')).toBe(`✓ MCP server: ${mcp.url} answers`);
    expect(line(run, 'MCP auth')).toBe(
      `✗ MCP auth: MCP server ${mcp.url} refused the credentials (401); check --mcp-header or GITLAB_MCP_TOKEN → set a valid token: GITLAB_MCP_TOKEN, --mcp-token or --mcp-header`,
    );
    expect(line(run, 'tools')).toBe('– tools: not checked (the credentials were refused)');
    expect(line(run, 'conventions')).toMatch(/^– conventions: not checked/);
    expect(
      lines(run)
        .slice(5)
        .map(([mark]) => mark),
    ).toEqual(['✓', '✓', '✓']);
    expect(run.stdout).not.toContain('wrong-token-5566');
    expectClean(run);
  });

  it('names path, project and ref when the conventions file does not exist at the ref (exit 3)', async () => {
    await serve();
    const run = await doctor({ GITLAB_REF: 'no-such-ref' });
    expect(run.code).toBe(3);
    expect(line(run, 'tools')).toMatch(/^✓ tools:/);
    expect(line(run, 'conventions')).toMatch(
      /^✗ conventions: cannot read the conventions file doc\/convention\.md \(project 42, ref no-such-ref\) with get_file_contents: .*404.* → check --project-id and --ref/,
    );
    expect(
      lines(run)
        .filter(([mark]) => mark !== '✓')
        .map(([, check]) => check),
    ).toEqual(['conventions']);
    expectClean(run);
  });

  it('says which models exist when the configured one does not (exit 3), sending no chat request', async () => {
    const server = await serve({ models: ['gpt-test', 'gpt-mini'] });
    const run = await doctor({ OPENAI_MODEL_WRITER: 'gpt-nope' });
    expect(run.code).toBe(3);
    expect(line(run, 'model endpoint')).toBe(`✓ model endpoint: ${server.baseURL} answers (2 models)`);
    expect(line(run, 'model')).toBe(
      `✗ model: gpt-nope is not served by ${server.baseURL} (it serves: gpt-test, gpt-mini) → writer models lists them; set --model (OPENAI_MODEL_WRITER)`,
    );
    expect(line(run, 'tool request')).toBe('– tool request: not checked (no such model)');
    expect(
      lines(run)
        .slice(0, 5)
        .map(([mark]) => mark),
    ).toEqual(['✓', '✓', '✓', '✓', '✓']);
    expect(server.requests).toHaveLength(0);
    expectClean(run);
  });

  it('exits 3 when the MCP server or the model endpoint cannot be reached', async () => {
    const run = await doctor({ GITLAB_MCP_URL: 'http://127.0.0.1:9/mcp' });
    expect(run.code).toBe(3);
    expect(line(run, 'MCP server')).toMatch(
      /^✗ MCP server: MCP server http:\/\/127\.0\.0\.1:9\/mcp unreachable: .* → is the server running/,
    );
    expect(line(run, 'MCP auth')).toBe('– MCP auth: not checked (the server is not reachable)');
    expect(line(run, 'model endpoint')).toMatch(
      /^✗ model endpoint: model endpoint http:\/\/127\.0\.0\.1:9\/v1 unreachable: .* → is the server running, and --base-url/,
    );
    expect(line(run, 'model')).toBe('– model: not checked (the endpoint is not reachable)');
    expectClean(run);
  });

  it('exits 2 naming every missing setting, checking nothing else', async () => {
    const run = await runCli(['doctor']);
    expect(run.code).toBe(2);
    expect(lines(run)).toHaveLength(1);
    expect(line(run, 'settings')).toMatch(
      /^✗ settings: missing setting --mcp-url \(or GITLAB_MCP_URL\); missing setting --model \(or OPENAI_MODEL_WRITER\); missing setting --api-key \(or OPENAI_API_KEY\).* → /,
    );
    expect(mcp.httpRequests).toHaveLength(0);
  });

  it('accepts an Ollama model without tool support in auto mode, and fails it with --tool-format native', async () => {
    const refusal = 'registry.ollama.ai/library/gemma:2b does not support tools';
    const server = await serve({ apiKey: undefined, models: ['gemma:2b'], tags: ['gemma:2b'], refuseTools: refusal });
    const env = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, OPENAI_MODEL_WRITER: 'gemma:2b' };
    const auto = await doctor(env, ['--provider', 'ollama', '--base-url', server.baseURL]);
    expect(auto.code).toBe(0);
    expect(line(auto, 'tool request')).toBe(
      `✓ tool request: no native tool calls (${refusal}); --tool-format auto will use text tool calls, and the model answers without tools`,
    );
    expect(server.requests.map((request) => request.tools?.length ?? 0)).toEqual([1, 0]);

    const native = await doctor(env, ['--provider', 'ollama', '--base-url', server.baseURL, '--tool-format', 'native']);
    expect(native.code).toBe(3);
    expect(line(native, 'tool request')).toMatch(
      /^✗ tool request: .*refused native tool calls \(400: registry\.ollama\.ai.* → use --tool-format auto or text/,
    );
  });
});
