// writer generate --record and writer replay end to end: record a run against
// the test MCP server and the scripted model, stop both, replay it offline.

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const TARGET = 'tests/orders/cancel_order.robot';
const MCP_TOKEN = 'mcp-secret-token-1234';
const API_KEY = 'sk-test-key-5678';

const EXPLORE_AND_ANSWER: ScriptedTurn[] = [
  {
    toolCalls: [
      { name: 'get_repository_tree', arguments: { path: 'tests', recursive: true } },
      { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
    ],
  },
  { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'tests/orders/create_order.robot', ref: 'main' } }] },
  { content: fenced(CANCEL_ORDER_SUITE) },
];

let mcp: TestMcpServer | undefined;
let model: FakeOpenAI | undefined;
let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'writer-replay-'));
});

afterEach(async () => {
  await model?.close();
  await mcp?.close();
  model = undefined;
  mcp = undefined;
  await rm(temp, { recursive: true, force: true });
});

async function startServers(turns: ScriptedTurn[]): Promise<Record<string, string | undefined>> {
  mcp = await startTestMcpServer({ token: MCP_TOKEN });
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return writerEnv({ mcp, model, mcpToken: MCP_TOKEN, apiKey: API_KEY });
}

async function stopServers(): Promise<void> {
  await model?.close();
  await mcp?.close();
  model = undefined;
  mcp = undefined;
}

describe('writer generate --record and writer replay', () => {
  it('replays a recorded run offline: the same suite byte for byte, no key, secrets redacted', async () => {
    const env = await startServers(EXPLORE_AND_ANSWER);
    const recording = path.join(temp, 'run.json');
    const recorded = await runCli(['generate', '--spec', SPEC, '--out', path.join(temp, 'first'), '--record', recording], { env });
    expect(recorded.code).toBe(0);
    expect(recorded.stderr).toContain(`recorded the run in ${recording}`);
    // The recording holds every call, writer's reads of the team's Robot settings included.
    const mcpCalls = (mcp?.calls.length ?? 0) + (mcp?.settingsReads.length ?? 0);
    await stopServers();

    const text = await readFile(recording, 'utf8');
    expect(text).not.toContain(MCP_TOKEN);
    expect(text).not.toContain(API_KEY);
    const saved = JSON.parse(text);
    expect(saved).toMatchObject({
      format: 'writer-recording/1',
      spec: { path: SPEC, content: { id: 'ORDER-002' } },
      settings: { model: 'gpt-test', projectId: '42', ref: 'qa-fixtures', conventionsPath: 'doc/convention.md' },
      outcome: { status: 'ok', error: null },
    });
    expect(saved.settings.mcpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(saved.catalogue.map((tool: { name: string }) => tool.name)).toContain('push_files');
    expect(saved.modelReplies).toHaveLength(3);
    expect(saved.modelReplies[0].reply.toolCalls.map((call: { name: string }) => call.name)).toEqual([
      'get_repository_tree',
      'get_file_contents',
    ]);
    expect(saved.modelReplies[0].reply.usage.promptTokens).toBeGreaterThan(0);
    expect(saved.toolCalls).toHaveLength(mcpCalls);
    // The final arguments: project and ref injected, the model's ref replaced.
    const similar = saved.toolCalls.find(
      (call: { arguments: { file_path?: string } }) => call.arguments.file_path === 'tests/orders/create_order.robot',
    );
    expect(similar).toMatchObject({
      name: 'get_file_contents',
      arguments: { file_path: 'tests/orders/create_order.robot', project_id: '42', ref: 'qa-fixtures' },
      result: { isError: false },
    });

    // No servers, no key, no settings in the environment.
    const replayed = await runCli(['replay', recording, '--out', path.join(temp, 'second')]);
    expect(replayed.stderr).toContain("the model's replies and the tool results come from the recording");
    expect(replayed.code).toBe(0);
    const first = await readFile(path.join(temp, 'first', TARGET));
    expect((await readFile(path.join(temp, 'second', TARGET))).equals(first)).toBe(true);

    const dryRun = await runCli(['replay', recording, '--dry-run', '--out', path.join(temp, 'third')]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toBe(first.toString('utf8'));
    expect(await readdir(temp)).not.toContain('third');

    const again = await runCli(['replay', recording, '--out', path.join(temp, 'second')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; use --force to overwrite it');
    const json = await runCli(['replay', recording, '--out', path.join(temp, 'second'), '--force', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'ok', rounds: 3, toolCalls: 3, error: null });
  });

  it('records a failed run too, and its replay fails the same way', async () => {
    const env = await startServers(EXPLORE_AND_ANSWER);
    const recording = path.join(temp, 'failed.json');
    const run = await runCli(['generate', '--spec', SPEC, '--out', temp, '--record', recording], {
      env: { ...env, OPENAI_API_KEY: 'sk-wrong-key-0000' },
    });
    expect(run.code).toBe(3);
    await stopServers();

    const text = await readFile(recording, 'utf8');
    expect(text).not.toContain('sk-wrong-key-0000');
    const saved = JSON.parse(text);
    expect(saved.outcome.status).toBe('failed');
    expect(saved.outcome.error).toMatch(/refused the API key \(401\)/);
    expect(saved.modelReplies).toHaveLength(1);
    expect(saved.modelReplies[0].error).toMatch(/refused the API key \(401\)/);

    const replayed = await runCli(['replay', recording, '--out', temp]);
    expect(replayed.code).toBe(3);
    expect(replayed.stderr).toMatch(/refused the API key \(401\).*\(replayed from /);
  });

  it('exits 2 with one line on a recording that is missing, not JSON or not a recording', async () => {
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['missing.json', undefined, /missing\.json: cannot read the recording \(no such file\)/],
      ['broken.json', '{ "format": ', /broken\.json: not a recording \(not valid JSON/],
      ['other.json', '{"status": "ok"}', /other\.json: not a recording of writer/],
      ['partial.json', '{"format": "writer-recording/1", "settings": {}}', /partial\.json: not a valid recording: /],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(temp, name);
      if (content !== undefined) await writeFile(file, content);
      const run = await runCli(['replay', file]);
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(message);
      expect(run.stderr.trim().split('\n'), name).toHaveLength(1);
    }
  });
});
