// Smoke test of the real @zereight/mcp-gitlab server (streamable HTTP, bearer token) in front of
// the stand-in GitLab API: pins down the server behaviour writer relies on when reading a repository.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabApi, type GitLabApi } from '../fixtures/gitlab-api.js';
import { listAllTools } from '../helpers/list-all-tools.js';
import { startZereightServer, type ZereightServer } from '../fixtures/zereight-server.js';

const REPO_DIR = fileURLToPath(new URL('../../examples/robot-repo', import.meta.url));
const CATALOGUE = new URL('../fixtures/catalogues/zereight-2.1.64.json', import.meta.url);
const PROJECT_ID = '4242';
const PROJECT_PATH = 'qa/robot-repo';
const REF = 'qa-fixtures';
const GITLAB_TOKEN = 'glpat-stand-in';
const MCP_TOKEN = 'mcp-bearer-secret';

interface TextResult {
  content: Array<{ type: string; text?: string }>;
  isError?: boolean;
}

function onlyText(result: unknown): string {
  const { content } = result as TextResult;
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe('text');
  return content[0]?.text ?? '';
}

function initializeRequest(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'smoke', version: '0' } },
  });
}

describe('zereight @zereight/mcp-gitlab 2.1.64 over streamable HTTP', () => {
  let api: GitLabApi;
  let server: ZereightServer;
  let client: Client;

  beforeAll(async () => {
    api = await startGitLabApi({ repoDir: REPO_DIR, projectId: PROJECT_ID, projectPath: PROJECT_PATH, ref: REF, token: GITLAB_TOKEN });
    server = await startZereightServer({ apiUrl: api.url, gitlabToken: GITLAB_TOKEN, authToken: MCP_TOKEN });
    client = new Client({ name: 'writer-smoke', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${MCP_TOKEN}` } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await api?.close();
  });

  it('lists the recorded catalogue, write tools included, with readOnlyHint on reading tools', async () => {
    const tools = await listAllTools(client);

    const recorded = JSON.parse(await readFile(CATALOGUE, 'utf8')) as { tools: Tool[] };
    expect(tools.map((tool) => tool.name)).toEqual(recorded.tools.map((tool) => tool.name));

    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of ['get_file_contents', 'get_repository_tree', 'search_repositories', 'get_project']) {
      expect(byName.get(name)?.annotations?.readOnlyHint, name).toBe(true);
    }
    for (const name of ['create_or_update_file', 'push_files', 'create_merge_request']) {
      expect(byName.get(name), name).toBeDefined();
      expect(byName.get(name)?.annotations?.readOnlyHint, name).toBeUndefined();
    }
    expect(byName.get('push_files')?.annotations?.destructiveHint).toBe(true);
  });

  it('get_file_contents with a ref returns the Files API object as JSON text, content decoded', async () => {
    const result = await client.callTool({
      name: 'get_file_contents',
      arguments: { project_id: PROJECT_ID, file_path: 'doc/convention.md', ref: REF },
    });
    expect((result as TextResult).isError).toBeUndefined();
    const file = JSON.parse(onlyText(result)) as Record<string, unknown>;
    const expected = await readFile(`${REPO_DIR}/doc/convention.md`, 'utf8');
    expect(file).toMatchObject({
      file_name: 'convention.md',
      file_path: 'doc/convention.md',
      size: Buffer.byteLength(expected),
      encoding: 'utf8',
      ref: REF,
      content: expected,
    });
    expect(file.blob_id).toMatch(/^[0-9a-f]{40}$/);
    expect(api.requests).toContainEqual({
      method: 'GET',
      path: `/api/v4/projects/${PROJECT_ID}/repository/files/doc%2Fconvention.md`,
      query: { ref: REF },
    });
  });

  it('get_file_contents without a ref reads the default branch and fails as a JSON-RPC error', async () => {
    const before = api.requests.length;
    const call = client.callTool({
      name: 'get_file_contents',
      arguments: { project_id: PROJECT_PATH, file_path: 'doc/convention.md' },
    });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: 'MCP error -32603: File not found: doc/convention.md',
    });
    // It looks up default_branch on the project, then asks for the file there.
    expect(api.requests.slice(before)).toEqual([
      { method: 'GET', path: '/api/v4/projects/qa%2Frobot-repo', query: {} },
      { method: 'GET', path: '/api/v4/projects/qa%2Frobot-repo/repository/files/doc%2Fconvention.md', query: { ref: 'main' } },
    ]);
  });

  it('get_repository_tree recursive returns a bare JSON array of tree items', async () => {
    const result = await client.callTool({
      name: 'get_repository_tree',
      arguments: { project_id: PROJECT_ID, ref: REF, recursive: true },
    });
    const items = JSON.parse(onlyText(result)) as Array<{ id: string; name: string; type: string; path: string; mode: string }>;
    expect(Array.isArray(items)).toBe(true);
    expect(
      items
        .filter((item) => item.type === 'blob')
        .map((item) => item.path)
        .sort(),
    ).toEqual([
      'doc/convention.md',
      'resources/common.resource',
      'resources/orders.resource',
      'tests/login/login_valid.robot',
      'tests/orders/create_order.robot',
    ]);
    expect(items.find((item) => item.path === 'tests/login')).toMatchObject({ name: 'login', type: 'tree', mode: '040000' });
    expect(api.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/api/v4/projects/${PROJECT_ID}/repository/tree`,
      query: { ref: REF, recursive: 'true' },
    });
  });

  it('get_repository_tree on another ref fails', async () => {
    await expect(
      client.callTool({ name: 'get_repository_tree', arguments: { project_id: PROJECT_ID, ref: 'main', recursive: true } }),
    ).rejects.toThrow('Repository or path not found');
  });

  it('refuses /mcp requests without the bearer token, or with a wrong one, with 401', async () => {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const missing = await fetch(server.url, { method: 'POST', headers, body: initializeRequest() });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'Streamable HTTP authentication required' });

    const wrong = await fetch(server.url, {
      method: 'POST',
      headers: { ...headers, Authorization: 'Bearer not-the-token' },
      body: initializeRequest(),
    });
    expect(wrong.status).toBe(401);

    const sdkClient = new Client({ name: 'no-token', version: '0.0.0' });
    await expect(sdkClient.connect(new StreamableHTTPClientTransport(new URL(server.url)))).rejects.toThrow();
  });

  it('sent nothing but GETs with the GitLab token while reading', () => {
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('a write tool reaches the stand-in as a POST, which is recorded and refused with 403', async () => {
    await expect(
      client.callTool({
        name: 'create_or_update_file',
        arguments: { project_id: PROJECT_ID, file_path: 'tests/new.robot', content: 'x', commit_message: 'm', branch: REF },
      }),
    ).rejects.toThrow(/GitLab API error: 403 Forbidden/);
    expect(api.requests.filter((request) => request.method !== 'GET')).toEqual([
      { method: 'POST', path: `/api/v4/projects/${PROJECT_ID}/repository/files/tests%2Fnew.robot`, query: {} },
    ]);
  });
});
