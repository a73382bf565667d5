// Many specs in one run, as the CI job runs it: a folder or glob of specs, one
// MCP session for the batch, shared reads, shards, reports, a config file.

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedReply } from '../fixtures/openai-server.js';
import { runCli, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const IDS = ['ORDER-101', 'ORDER-102', 'ORDER-103', 'ORDER-104', 'ORDER-105', 'ORDER-106'];
const TOKEN = 'batch-mcp-token';

let mcp: TestMcpServer;
let model: FakeOpenAI;
let work: string;

function suiteFor(id: string): string {
  return CANCEL_ORDER_SUITE.replace('ORDER-002', id);
}

/** Answers by what each request asks, since concurrent specs interleave: read a resource first, then the suite. */
function conversationPerSpec(request: ChatRequest): ScriptedReply {
  const id = /"id": "([A-Z]+-\d+)"/.exec(String(request.messages[1]?.content))?.[1] ?? 'UNKNOWN';
  if (!request.messages.some((message) => message.role === 'tool')) {
    return { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } }], latencyMs: 50 };
  }
  return { content: fenced(suiteFor(id)), latencyMs: 50 };
}

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: TOKEN });
  model = await startFakeOpenAI({ turns: Array.from({ length: 40 }, () => conversationPerSpec) });
  work = await mkdtemp(path.join(tmpdir(), 'writer-batch-'));
  await mkdir(path.join(work, 'specs/nested'), { recursive: true });
  for (const [index, id] of IDS.entries()) {
    const folder = index < 3 ? 'specs' : 'specs/nested';
    const spec = {
      id,
      title: `Order check ${id}`,
      steps: ['Log in', 'Create an order'],
      rf: { target_path: `tests/batch/${id.toLowerCase()}.robot` },
    };
    await writeFile(path.join(work, folder, `${id.toLowerCase()}.json`), JSON.stringify(spec));
  }
});

afterEach(async () => {
  await model.close();
  await mcp.close();
  await rm(work, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return writerEnv({ mcp, model, mcpToken: TOKEN }, extra);
}

describe('writer generate over many specs', () => {
  it('writes six suites three at a time, reading the conventions once, with JSON and JUnit reports', async () => {
    const run = await runCli(['generate', '--spec', 'specs', '--out', 'out', '--concurrency', '3', '--json', '--junit', 'report.xml'], {
      cwd: work,
      env: env(),
    });
    expect(run.stderr).toContain('6 spec(s), 3 at a time');
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    for (const id of IDS) {
      expect(await readFile(path.join(work, 'out/tests/batch', `${id.toLowerCase()}.robot`), 'utf8')).toBe(suiteFor(id));
    }
    // One session, one read of the conventions and of the shared resource for the whole batch.
    expect(mcp.calls.filter((call) => call.arguments.file_path === 'doc/convention.md')).toHaveLength(1);
    expect(mcp.calls.filter((call) => call.arguments.file_path === 'resources/orders.resource')).toHaveLength(1);
    expect(new Set(mcp.httpRequests.map((request) => request.sessionId).filter(Boolean)).size).toBe(1);

    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: 6, failed: 0 });
    expect(report.results.map((result: { spec: string }) => result.spec)).toEqual([
      'specs/nested/order-104.json',
      'specs/nested/order-105.json',
      'specs/nested/order-106.json',
      'specs/order-101.json',
      'specs/order-102.json',
      'specs/order-103.json',
    ]);
    const junit = await readFile(path.join(work, 'report.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="writer" tests="6" failures="0"');
    for (const id of IDS) expect(junit).toContain(`<testcase classname="writer.generate" name="${id}"`);

    // The CI log: one prefixed line per event, and the table at the end.
    expect(run.stderr).toMatch(/^\[ORDER-101\] → get_file_contents \{"file_path":"resources\/orders.resource"/m);
    expect(run.stderr).toMatch(/^ORDER-106 +ok +out\/tests\/batch\/order-106\.robot +2 +\d+ +\d+ +\d+\.\d s$/m);
    expect(run.stderr).toContain('6 written, 0 failed');
  });

  it('splits the specs into shards without overlap, from --shard or GitLab CI variables', async () => {
    const first = await runCli(['generate', '--spec', 'specs/**/*.json', '--dry-run', '--json', '--shard', '1/2'], {
      cwd: work,
      env: env(),
    });
    const second = await runCli(['generate', '--spec', 'specs/**/*.json', '--dry-run', '--json'], {
      cwd: work,
      env: env({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '2' }),
    });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const specsOf = (stdout: string): string[] => JSON.parse(stdout).results.map((result: { spec: string }) => result.spec);
    expect(specsOf(first.stdout)).toHaveLength(3);
    expect(specsOf(second.stdout)).toHaveLength(3);
    expect([...specsOf(first.stdout), ...specsOf(second.stdout)].sort()).toHaveLength(
      new Set([...specsOf(first.stdout), ...specsOf(second.stdout)]).size,
    );
    expect([...specsOf(first.stdout), ...specsOf(second.stdout)].sort()).toEqual(
      IDS.map((id, index) => `specs/${index < 3 ? '' : 'nested/'}${id.toLowerCase()}.json`).sort(),
    );
    expect(second.stderr).toContain('3 spec(s) in shard 2/2 (of 6)');
    expect(await readdir(work)).not.toContain('generated');
  });

  it('writes the others and exits 1 when one spec is broken', async () => {
    await writeFile(path.join(work, 'specs/broken.json'), '{"rf": {"target_path": "../../escape.robot"}}');
    const run = await runCli(['generate', '--spec', 'specs', '--out', 'out', '--json', '--junit', 'report.xml'], { cwd: work, env: env() });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: 6, failed: 1 });
    const broken = report.results.find((result: { spec: string }) => result.spec === 'specs/broken.json');
    expect(broken).toMatchObject({ status: 'failed', output: null });
    expect(broken.error).toContain("specs/broken.json: /rf/target_path '../../escape.robot' climbs out of the output folder");
    expect(await readdir(path.join(work, 'out/tests/batch'))).toHaveLength(6);
    expect(await readFile(path.join(work, 'report.xml'), 'utf8')).toMatch(
      /<testcase classname="writer.generate" name="broken"[^>]*>\s*<properties>[\s\S]*?<\/properties>\s*<failure message="specs\/broken.json: /,
    );
    expect(run.stderr).toContain('6 written, 1 failed');
  });

  it('exits 3 before any spec when the MCP server cannot be reached', async () => {
    const run = await runCli(['generate', '--spec', 'specs', '--out', 'out'], {
      cwd: work,
      env: env({ GITLAB_MCP_URL: 'http://127.0.0.1:9/mcp' }),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/writer: MCP server http:\/\/127\.0\.0\.1:9\/mcp unreachable/);
    expect(model.requests).toHaveLength(0);
  });
});

describe('writer.config.json', () => {
  it('holds the team settings, with the token referenced from the environment; flags and variables beat it', async () => {
    await writeFile(
      path.join(work, 'writer.config.json'),
      JSON.stringify({
        mcpUrl: mcp.url,
        mcpHeader: ['Authorization: Bearer ${GITLAB_MCP_TOKEN}'],
        projectId: '42',
        ref: 'main',
        model: 'gpt-test',
        out: 'from-config',
        spec: 'specs/order-101.json',
      }),
    );
    const run = await runCli(['generate', '--out', 'from-flag'], {
      cwd: work,
      env: { OPENAI_BASE_URL: model.baseURL, GITLAB_MCP_TOKEN: TOKEN, GITLAB_REF: 'qa-fixtures' },
    });
    expect(run.stderr).toContain('wrote');
    expect(run.code).toBe(0);
    expect(await readFile(path.join(work, 'from-flag/tests/batch/order-101.robot'), 'utf8')).toBe(suiteFor('ORDER-101'));
    expect(mcp.calls[0]?.arguments).toMatchObject({ ref: 'qa-fixtures', project_id: '42' });
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('exits 2 naming the key of a bad setting, and refuses secrets in the file', async () => {
    await writeFile(path.join(work, 'team.json'), JSON.stringify({ maxRounds: 'lots' }));
    const bad = await runCli(['generate', '--config', 'team.json'], { cwd: work, env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('writer: team.json: /maxRounds must be integer');
    await writeFile(path.join(work, 'team.json'), JSON.stringify({ mcpHeader: [`Authorization: Bearer ${TOKEN}`] }));
    const secret = await runCli(['generate', '--config', 'team.json'], { cwd: work, env: env() });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain("team.json: /mcpHeader 'Authorization' holds a credential");
  });
});
