// Against the real @zereight/mcp-gitlab (streamable HTTP, bearer token) in front of
// a stand-in GitLab API that serves the fixture repository only at a non-default
// ref: a generation reads through the lean read-only surface, and no write reaches GitLab.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabApi, type GitLabApi } from '../fixtures/gitlab-api.js';
import { startTestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../fixtures/openai-server.js';
import { startZereightServer, type ZereightServer } from '../fixtures/zereight-server.js';
import { runCli, ROOT } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const REPO_DIR = fileURLToPath(new URL('../../examples/robot-repo', import.meta.url));
const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const PROJECT_ID = '4242';
const REF = 'qa-fixtures';
const GITLAB_TOKEN = 'glpat-stand-in-token';
const MCP_TOKEN = 'zereight-bearer-secret';

let api: GitLabApi;
let gitlabMcp: ZereightServer;
let model: FakeOpenAI | undefined;
let out: string;

beforeAll(async () => {
  api = await startGitLabApi({ repoDir: REPO_DIR, projectId: PROJECT_ID, projectPath: 'qa/robot-repo', ref: REF, token: GITLAB_TOKEN });
  gitlabMcp = await startZereightServer({ apiUrl: api.url, gitlabToken: GITLAB_TOKEN, authToken: MCP_TOKEN });
  out = await mkdtemp(path.join(tmpdir(), 'writer-gitlab-'));
});

afterAll(async () => {
  await gitlabMcp?.close();
  await api?.close();
  await rm(out, { recursive: true, force: true });
});

afterEach(async () => {
  await model?.close();
  model = undefined;
});

function settings(): Record<string, string> {
  return {
    OPENAI_BASE_URL: model?.baseURL ?? 'http://127.0.0.1:9/v1',
    OPENAI_API_KEY: 'sk-gitlab-test',
    OPENAI_MODEL_WRITER: 'gpt-test',
    GITLAB_MCP_URL: gitlabMcp.url,
    GITLAB_MCP_TOKEN: MCP_TOKEN,
    GITLAB_PROJECT_ID: PROJECT_ID,
    GITLAB_REF: REF,
  };
}

describe('writer against the real @zereight/mcp-gitlab', () => {
  it('generates through read-only repository tools; write attempts never reach GitLab', async () => {
    model = await startFakeOpenAI({
      models: ['gpt-test'],
      turns: [
        {
          toolCalls: [
            { name: 'get_repository_tree', arguments: { path: 'resources', recursive: true } },
            { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
          ],
        },
        {
          // A model that tries to change the repository.
          toolCalls: [
            { name: 'push_files', arguments: { branch: REF, commit_message: 'x', files: [{ file_path: 'a.robot', content: 'x' }] } },
            { name: 'delete_branch', arguments: { branch: REF } },
          ],
        },
        { content: fenced(CANCEL_ORDER_SUITE) },
      ],
    });
    const requestsBefore = api.requests.length;
    const run = await runCli(['generate', '--spec', SPEC, '--out', out], { env: settings() });
    expect(run.stderr).toContain('wrote');
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(CANCEL_ORDER_SUITE);

    const first = model.requests[0] as ChatRequest;
    expect((first.tools ?? []).map((tool) => tool.function.name).sort()).toEqual([
      'get_file_contents',
      'get_project',
      'get_repository_tree',
      'search_repositories',
    ]);
    expect(String(first.messages[1]?.content)).toContain('These rules apply to every suite in this repository.');

    const seen = api.requests.slice(requestsBefore);
    expect(seen.filter((request) => request.method !== 'GET')).toEqual([]);
    const reads = seen.filter((request) => /\/repository\/(files|tree)/.test(request.path));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const request of reads) expect(request.query.ref, request.path).toBe(REF);

    const third = model.requests[2] as ChatRequest;
    const refusals = third.messages
      .filter((message) => message.role === 'tool')
      .slice(-2)
      .map((message) => String(message.content));
    expect(refusals[0]).toContain("there is no tool named 'push_files'");
    expect(refusals[1]).toContain("there is no tool named 'delete_branch'");
    // The file came back as text under a short header, not as escaped JSON.
    const second = model.requests[1] as ChatRequest;
    const file = second.messages.filter((message) => message.role === 'tool').map((message) => String(message.content))[1];
    expect(file).toMatch(/^File resources\/orders\.resource \(ref qa-fixtures\):\n\*\*\* Settings \*\*\*/);
  });

  it('writer tools lists the whole catalogue with what the model sees', async () => {
    const run = await runCli(['tools', '--json'], { env: settings() });
    expect(run.code).toBe(0);
    const tools = JSON.parse(run.stdout) as Array<{
      name: string;
      readOnly: boolean;
      exposed: boolean;
      injected: string[];
      schemaBytes: number;
      fullSchemaBytes: number;
    }>;
    expect(tools).toHaveLength(118);
    expect(tools.find((tool) => tool.name === 'get_file_contents')).toMatchObject({
      readOnly: true,
      exposed: true,
      injected: ['project_id', 'ref'],
    });
    expect(tools.find((tool) => tool.name === 'push_files')).toMatchObject({ readOnly: false, exposed: false });
    expect(tools.every((tool) => tool.schemaBytes > 0 && tool.schemaBytes < tool.fullSchemaBytes)).toBe(true);

    const table = await runCli(['tools'], { env: settings() });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^tool +read-only +offered +full +sent +why; injected parameters$/m);
    expect(table.stdout).toMatch(/^push_files +no +no +\d+ +\d+ +may write/m);
    expect(table.stdout).toMatch(/118 tools, 4 offered to the model/);
    const [, exposed, before, total] =
      /schema sent with every model request: (\d+) bytes, compacted from (\d+) bytes \(the whole catalogue: (\d+) bytes\)/.exec(
        table.stdout,
      ) ?? [];
    expect(Number(total) / Number(exposed)).toBeGreaterThanOrEqual(10);
    expect(Number(exposed)).toBeLessThan(Number(before) / 2);
    const offered = tools.filter((tool) => tool.exposed);
    expect(Number(exposed)).toBe(offered.reduce((sum, tool) => sum + tool.schemaBytes, 0));
    expect(Number(before)).toBe(offered.reduce((sum, tool) => sum + tool.fullSchemaBytes, 0));

    // --full-schemas: what the server gives, byte for byte the same before and after.
    const full = await runCli(['tools', '--full-schemas'], { env: settings() });
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(
      `schema sent with every model request: ${before} bytes, not compacted (--full-schemas) (the whole catalogue: ${total} bytes)`,
    );
  });
});

describe('writer tools and generate against other servers', () => {
  it('falls back to the legacy SSE transport when streamable HTTP answers 405', async () => {
    const legacy = await startTestMcpServer({ mode: 'sse-only', token: 'legacy-token' });
    try {
      const run = await runCli(['tools', '--json', '--mcp-url', legacy.sseUrl], {
        env: { GITLAB_MCP_TOKEN: 'legacy-token', GITLAB_PROJECT_ID: '42' },
      });
      expect(run.stderr).toContain(`MCP server ${legacy.sseUrl} does not speak streamable HTTP; using the legacy SSE transport`);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).map((tool: { name: string }) => tool.name)).toContain('get_file_contents');
    } finally {
      await legacy.close();
    }
  });

  it('warns and falls back to the name rule for a server without annotations', async () => {
    const plain = await startTestMcpServer({ annotations: false });
    try {
      const run = await runCli(['tools', '--json', '--mcp-url', plain.url], { env: {} });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(
        'the MCP server gives no readOnlyHint annotations; treating only tools named get_*, list_*, search_* or read_* as read-only',
      );
      const tools = JSON.parse(run.stdout) as Array<{ name: string; readOnly: boolean; exposed: boolean }>;
      expect(tools.find((tool) => tool.name === 'push_files')).toMatchObject({ readOnly: false, exposed: false });
      expect(tools.find((tool) => tool.name === 'get_file_contents')).toMatchObject({ readOnly: true, exposed: true });
    } finally {
      await plain.close();
    }
  });

  it('exits 2 without an MCP URL and 3 when the server cannot be reached', async () => {
    const missing = await runCli(['tools'], { env: {} });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing setting --mcp-url (or GITLAB_MCP_URL)');
    const down = await runCli(['tools', '--mcp-url', 'http://127.0.0.1:9/mcp'], { env: {} });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/unreachable/);
  });
});
