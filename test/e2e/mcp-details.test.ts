// MCP details a user only notices when they break: paginated tool lists, tool
// names OpenAI refuses, and progress notifications from slow tools.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv } from '../helpers/run-cli.js';
import { SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
let mcp: TestMcpServer | undefined;
let model: FakeOpenAI | undefined;
let out: string | undefined;

afterEach(async () => {
  await model?.close();
  await mcp?.close();
  if (out) await rm(out, { recursive: true, force: true });
  model = mcp = out = undefined;
});

function env(): Record<string, string | undefined> {
  return writerEnv({ mcp, model });
}

describe('MCP details', () => {
  it('follows nextCursor through every page of the tool list', async () => {
    mcp = await startTestMcpServer({ pageSize: 3 });
    const run = await runCli(['tools', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const names = (JSON.parse(run.stdout) as Array<{ name: string }>).map((tool) => tool.name);
    expect(names).toHaveLength(10);
    expect(names).toEqual(expect.arrayContaining(['get_file_contents', 'push_files', 'create_merge_request']));
  });

  it('maps tool names OpenAI refuses to valid ones, and calls the server with the real name', async () => {
    const oddName = 'repo.read-file/v2';
    mcp = await startTestMcpServer({
      extraTools: [
        {
          name: oddName,
          description: 'Reads a file (a tool of another server, with a dotted name).',
          inputSchema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
          annotations: { readOnlyHint: true },
        },
      ],
    });
    model = await startFakeOpenAI({
      turns: [
        (request: ChatRequest) => {
          const mapped = (request.tools ?? []).map((tool) => tool.function.name).find((name) => name.startsWith('repo_read'));
          return { toolCalls: [{ name: mapped ?? 'missing', arguments: { file_path: 'x' } }] };
        },
        { content: fenced(SELF_CONTAINED_SUITE) },
      ],
    });
    out = await mkdtemp(path.join(tmpdir(), 'writer-mcp-'));
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--allow-tool', oddName], { env: env() });
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    const offered = (model.requests[0]?.tools ?? []).map((tool) => tool.function.name);
    expect(offered).toContain('repo_read-file_v2');
    expect(mcp.calls.map((call) => call.name)).toContain(oddName);
    const result = (model.requests[1]?.messages ?? [])
      .filter((message) => message.role === 'tool')
      .map((message) => String(message.content));
    expect(result).toEqual([`${oddName}: ok`]);
  });

  it('shows progress notifications of a slow tool', async () => {
    mcp = await startTestMcpServer({ progress: true });
    model = await startFakeOpenAI({
      turns: [
        { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } }] },
        { content: fenced(SELF_CONTAINED_SUITE) },
      ],
    });
    out = await mkdtemp(path.join(tmpdir(), 'writer-mcp-'));
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^ {2}get_file_contents: reading resources\/orders\.resource \(1\/\d\)$/m);
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });
});
