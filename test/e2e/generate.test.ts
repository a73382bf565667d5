// writer generate end to end: the real CLI against an MCP server built with the
// SDK and a scripted OpenAI-compatible server, both on 127.0.0.1.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedTurn, type ChatRequest } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const MCP_TOKEN = 'mcp-secret-token-1234';
const API_KEY = 'sk-test-key-5678';

let mcp: TestMcpServer;
let model: FakeOpenAI | undefined;
let out: string;

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: MCP_TOKEN });
  out = await mkdtemp(path.join(tmpdir(), 'writer-e2e-'));
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp.close();
  await rm(out, { recursive: true, force: true });
});

async function scripted(turns: ScriptedTurn[]): Promise<FakeOpenAI> {
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return model;
}

function settings(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return writerEnv({ mcp, model, mcpToken: MCP_TOKEN, apiKey: API_KEY }, extra);
}

function toolNames(request: ChatRequest): string[] {
  return (request.tools ?? []).map((tool) => tool.function.name);
}

const EXPLORE_AND_ANSWER: ScriptedTurn[] = [
  {
    // Two parallel calls, their arguments split across many chunks.
    toolCalls: [
      { name: 'get_repository_tree', arguments: { path: 'tests', recursive: true } },
      { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
    ],
    chunkSize: 5,
  },
  {
    // The model guesses project and ref anyway; the configured ones must win.
    toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'tests/orders/create_order.robot', ref: 'main', project_id: '999' } }],
  },
  { content: fenced(CANCEL_ORDER_SUITE) },
];

describe('writer generate', () => {
  it('writes the suite the model answers, with project and ref injected into every call', async () => {
    const server = await scripted(EXPLORE_AND_ANSWER);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings() });

    expect(run.stderr).toContain('wrote');
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    const written = await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8');
    expect(written).toBe(CANCEL_ORDER_SUITE);

    // The conventions were read by writer itself, before the first round.
    expect(mcp.calls[0]).toMatchObject({ name: 'get_file_contents', arguments: { file_path: 'doc/convention.md' } });
    // The model's reads, then the check of the answer reading the one resource the model had not.
    expect(
      mcp.calls.map((call) => [call.name, call.arguments.file_path ?? call.arguments.path, call.arguments.project_id, call.arguments.ref]),
    ).toEqual([
      ['get_file_contents', 'doc/convention.md', '42', 'qa-fixtures'],
      ['get_repository_tree', 'tests', '42', 'qa-fixtures'],
      ['get_file_contents', 'resources/orders.resource', '42', 'qa-fixtures'],
      ['get_file_contents', 'tests/orders/create_order.robot', '42', 'qa-fixtures'],
      ['get_file_contents', 'resources/common.resource', '42', 'qa-fixtures'],
    ]);
    expect(mcp.httpRequests.every((request) => request.authorization === `Bearer ${MCP_TOKEN}`)).toBe(true);
    expect(mcp.sessionsClosed).toBe(1);

    const first = server.requests[0] as ChatRequest;
    const userMessage = String(first.messages[1]?.content);
    expect(userMessage).toContain('These rules apply to every suite in this repository.');
    expect(userMessage).toContain('"ORDER-002"');
    // Injected properties are hidden from the model; write tools are not offered.
    const fileTool = first.tools?.find((tool) => tool.function.name === 'get_file_contents');
    expect(Object.keys((fileTool?.function.parameters as { properties: object }).properties)).not.toContain('project_id');
    expect(Object.keys((fileTool?.function.parameters as { properties: object }).properties)).not.toContain('ref');
    expect(toolNames(first)).not.toContain('push_files');
    expect(toolNames(first)).not.toContain('delete_branch');

    // The tool results went back as text: the file, not escaped JSON.
    const second = server.requests[1] as ChatRequest;
    const toolMessages = second.messages.filter((message) => message.role === 'tool');
    expect(toolMessages).toHaveLength(2);
    expect(String(toolMessages[1]?.content)).toContain('Create Order\n    [Arguments]    ${item}    ${quantity}=1');
  });

  it('prints the suite alone with --dry-run and writes nothing', async () => {
    await scripted(EXPLORE_AND_ANSWER);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--dry-run'], { env: settings() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(CANCEL_ORDER_SUITE);
    expect(await readdir(out)).toEqual([]);
  });

  it('prints one JSON summary with --json', async () => {
    await scripted(EXPLORE_AND_ANSWER);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--json'], { env: settings() });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      status: 'ok',
      spec: SPEC,
      output: path.join(out, 'tests/orders/cancel_order.robot'),
      rounds: 3,
      toolCalls: 3,
      error: null,
    });
    expect(summary.usage.promptTokens).toBeGreaterThan(0);
    expect(summary.usage.completionTokens).toBeGreaterThan(0);
    expect(summary.durationMs).toBeGreaterThan(0);
    expect(summary).not.toHaveProperty('content');
  });

  it('adds the content to the JSON summary of a dry run', async () => {
    await scripted(EXPLORE_AND_ANSWER);
    const run = await runCli(['generate', '--spec', SPEC, '--dry-run', '--json'], { env: settings({ OUTPUT_DIR: out }) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', output: null, content: CANCEL_ORDER_SUITE });
  });

  it('answers a call to an unknown tool and invalid JSON arguments with errors, never reaching the server', async () => {
    const server = await scripted([
      {
        toolCalls: [
          { name: 'push_files', arguments: { branch: 'main', files: [] } },
          { name: 'get_file_contents', arguments: '{"file_path": "resources/' },
        ],
      },
      { content: fenced(CANCEL_ORDER_SUITE) },
    ]);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings() });
    expect(run.code).toBe(0);
    // Only writer's own reads reached the server: the conventions, then the resources the answer imports.
    expect(mcp.calls.map((call) => `${call.name} ${String(call.arguments.file_path)}`).sort()).toEqual([
      'get_file_contents doc/convention.md',
      'get_file_contents resources/common.resource',
      'get_file_contents resources/orders.resource',
    ]);
    const results = (server.requests[1] as ChatRequest).messages
      .filter((message) => message.role === 'tool')
      .map((message) => String(message.content));
    expect(results[0]).toMatch(/^ERROR: Invalid tool call: there is no tool named 'push_files'\. Available tools: .*get_file_contents/);
    expect(results[1]).toMatch(/^ERROR: Invalid tool call: the arguments of 'get_file_contents' are not a JSON object/);
  });

  it('refuses to overwrite an existing suite without --force (exit 2) and overwrites with it', async () => {
    const target = path.join(out, 'tests/orders/cancel_order.robot');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, 'keep me\n');
    await scripted(EXPLORE_AND_ANSWER);
    const refused = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${target} already exists; use --force to overwrite it`);
    expect(await readFile(target, 'utf8')).toBe('keep me\n');
    expect(model?.requests).toHaveLength(0);

    const forced = await runCli(['generate', '--spec', SPEC, '--out', out, '--force'], { env: settings() });
    expect(forced.code).toBe(0);
    expect(await readFile(target, 'utf8')).toBe(CANCEL_ORDER_SUITE);
  });

  it('exits 1 and writes nothing when the model never answers with a suite', async () => {
    const prose = { content: 'I think the test should cancel an order and check its status.' };
    await scripted([prose, prose, prose]);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--json'], { env: settings() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('writer: the model answered without a Robot Framework suite');
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'failed',
      output: null,
      rounds: 3,
      error: 'the model answered without a Robot Framework suite',
    });
    expect(await readdir(out)).toEqual([]);
  });

  it('exits 1 at --max-rounds', async () => {
    const call = { toolCalls: [{ name: 'get_repository_tree', arguments: { path: 'tests' } }] };
    await scripted([call, call, call]);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--max-rounds', '2'], { env: settings() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no suite after 2 rounds (--max-rounds)');
    expect(await readdir(out)).toEqual([]);
  });
});

describe('writer generate: bad input and failing services', () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--max-rounds', 'many'], /invalid --max-rounds: must be integer/],
  ])('exits 2 on bad flags %j', async (flags, message) => {
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, ...flags], { env: settings() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming every missing setting', async () => {
    const run = await runCli(['generate'], { env: { OPENAI_API_KEY: API_KEY } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing setting --spec (or SPEC_JSON_PATH)');
    expect(run.stderr).toContain('missing setting --mcp-url (or GITLAB_MCP_URL)');
    expect(run.stderr).toContain('missing setting --model (or OPENAI_MODEL_WRITER)');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 on a spec that is not JSON, invalid, or points outside the output folder', async () => {
    const bad = path.join(out, 'bad.json');
    const cases: Array<[string, RegExp]> = [
      ['{ "id": ', /bad\.json: not valid JSON/],
      ['[1, 2]', /bad\.json: \/ must be object/],
      ['{"rf": {"target_path": "tests/x.txt"}}', /bad\.json: \/rf\/target_path must match pattern .*\(a path ending in \.robot\)/],
      [
        '{"rf": {"target_path": "../../etc/evil.robot"}}',
        /bad\.json: \/rf\/target_path '..\/..\/etc\/evil.robot' climbs out of the output folder/,
      ],
      ['{"rf": {"target_path": "/tmp/evil.robot"}}', /bad\.json: \/rf\/target_path must be relative to the output folder/],
    ];
    for (const [text, message] of cases) {
      await writeFile(bad, text);
      const run = await runCli(['generate', '--spec', bad, '--out', path.join(out, 'o')], { env: settings() });
      expect(run.code, text).toBe(2);
      expect(run.stderr, text).toMatch(message);
    }
    const missing = await runCli(['generate', '--spec', path.join(out, 'nope.json')], { env: settings() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: cannot read the spec (no such file)');
  });

  it('exits 3 when the MCP server refuses the token', async () => {
    await scripted([]);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings({ GITLAB_MCP_TOKEN: 'wrong-token' }) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`MCP server ${mcp.url} refused the credentials (401)`);
    expect(run.stderr).not.toContain('wrong-token');
  });

  it('exits 3 when the MCP server is unreachable', async () => {
    await scripted([]);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings({ GITLAB_MCP_URL: 'http://127.0.0.1:9/mcp' }) });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/MCP server http:\/\/127\.0\.0\.1:9\/mcp unreachable/);
  });

  it('exits 3 when the model endpoint is unreachable or refuses the key, closing the MCP session', async () => {
    const unreachable = await runCli(['generate', '--spec', SPEC, '--out', out, '--retries', '0'], { env: settings() });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/model endpoint http:\/\/127\.0\.0\.1:9\/v1\/? unreachable/);
    expect(mcp.sessionsClosed).toBe(1);

    await scripted(EXPLORE_AND_ANSWER);
    const refused = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings({ OPENAI_API_KEY: 'sk-wrong-key' }) });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/refused the API key \(401\)/);
    expect(refused.stderr).not.toContain('sk-wrong-key');
    expect(await readdir(out)).toEqual([]);
  });

  it('exits 3 when the model endpoint answers 200 with something that is not a chat stream (a proxy page)', async () => {
    const proxy = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Please sign in to the proxy</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const run = await runCli(['generate', '--spec', SPEC, '--out', out], {
        env: settings({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }),
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('answered without a chat completion stream; is --base-url an OpenAI-compatible /v1 endpoint?');
      expect(await readdir(out)).toEqual([]);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('exits 2 naming path, project and ref when the conventions file cannot be read', async () => {
    await scripted(EXPLORE_AND_ANSWER);
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings({ GITLAB_REF: 'no-such-ref' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read the conventions file doc/convention.md (project 42, ref no-such-ref)');
  });
});
