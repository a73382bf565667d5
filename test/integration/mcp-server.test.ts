// Checks the GitLab-style MCP test server with the SDK's own clients, so end-to-end tests can trust
// what it serves, what it records and how it fails.
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer, type TestMcpServerOptions } from '../fixtures/mcp-server.js';

const REPO = new URL('../../examples/robot-repo/', import.meta.url);
const READ_TOOLS = ['get_file_contents', 'get_repository_tree', 'search_repositories', 'get_project', 'search_code', 'search_project_code'];
const WRITE_TOOLS = ['create_or_update_file', 'push_files', 'create_merge_request', 'delete_branch'];

let server: TestMcpServer | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  await server?.close();
  server = undefined;
});

async function start(options: TestMcpServerOptions = {}): Promise<TestMcpServer> {
  server = await startTestMcpServer(options);
  return server;
}

async function connect(url: string, token?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: 'mcp-server-test', version: '0.0.0' });
  clients.push(client);
  await client.connect(transport);
  return { client, transport };
}

function textOf(result: unknown): string {
  const part = (result as CallToolResult).content[0];
  if (part?.type !== 'text') throw new Error('expected a text part');
  return part.text;
}

const convention = (): Promise<string> => readFile(new URL('doc/convention.md', REPO), 'utf8');

describe('test MCP server: listing', () => {
  it('lists zereight-named tools with real-looking schemas and annotations', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    const { tools, nextCursor } = await client.listTools();
    expect(nextCursor).toBeUndefined();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(20);
      for (const property of Object.values(tool.inputSchema.properties ?? {})) {
        expect((property as { description?: string }).description).toBeTruthy();
      }
      expect(tool.annotations?.readOnlyHint).toBe(READ_TOOLS.includes(tool.name));
      if (WRITE_TOOLS.includes(tool.name)) expect(tool.annotations?.destructiveHint).toBe(true);
    }
    const schemas = JSON.stringify(tools.map((tool) => tool.inputSchema));
    expect(schemas).toContain('"$ref":"#/$defs/CommitFile"');
    expect(schemas).toContain('"anyOf"');
    expect(tools.find((tool) => tool.name === 'get_project')?.inputSchema.required).toEqual(['project_id']);
  });

  it('leaves annotations out when asked', async () => {
    const { url } = await start({ annotations: false });
    const { client } = await connect(url);
    const { tools } = await client.listTools();
    expect(tools.every((tool) => tool.annotations === undefined)).toBe(true);
  });

  it('paginates tools/list with nextCursor', async () => {
    const { url } = await start({ pageSize: 2 });
    const { client } = await connect(url);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor });
      expect(page.tools.length).toBeLessThanOrEqual(2);
      names.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(5);
    expect(names.sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    await expect(client.listTools({ cursor: 'bogus' })).rejects.toThrow(/Invalid cursor/);
  });

  it('lists extra tools and answers them with text', async () => {
    const awkward: Tool = {
      name: 'gitlab.search-wiki/v2',
      description: 'A tool with an awkward name',
      inputSchema: { type: 'object', properties: { q: { type: 'string', description: 'query' } } },
    };
    const { url, calls } = await start({ extraTools: [awkward] });
    const { client } = await connect(url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('gitlab.search-wiki/v2');
    expect(textOf(await client.callTool({ name: 'gitlab.search-wiki/v2', arguments: { q: 'x' } }))).toContain('ok');
    expect(calls.at(-1)).toMatchObject({ name: 'gitlab.search-wiki/v2', arguments: { q: 'x' } });
  });
});

describe('test MCP server: authorization', () => {
  it('answers 401 without the bearer token and serves with it', async () => {
    const { url, httpRequests } = await start({ token: 's3cret' });
    await expect(connect(url)).rejects.toThrow();
    const denied = await fetch(url, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'unauthorized' });

    const { client } = await connect(url, 's3cret');
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(httpRequests.filter((request) => request.authorization === 'Bearer s3cret').length).toBeGreaterThan(1);
    expect(httpRequests.some((request) => request.authorization === undefined)).toBe(true);
    expect(httpRequests.some((request) => request.sessionId !== undefined)).toBe(true);
  });
});

describe('test MCP server: reading the repository', () => {
  it('returns doc/convention.md like zereight: GitLab file JSON with decoded content', async () => {
    const { url, calls } = await start();
    const { client } = await connect(url);
    const args = { project_id: '42', file_path: 'doc/convention.md', ref: 'qa-fixtures' };
    const result = await client.callTool({ name: 'get_file_contents', arguments: args });
    expect(result.isError).toBeFalsy();
    const file = JSON.parse(textOf(result)) as Record<string, unknown>;
    const expected = await convention();
    expect(file).toMatchObject({
      file_name: 'convention.md',
      file_path: 'doc/convention.md',
      size: Buffer.byteLength(expected),
      encoding: 'utf8',
      content: expected,
      ref: 'qa-fixtures',
    });
    expect(file.blob_id).toMatch(/^[0-9a-f]{40}$/);
    expect(file.last_commit_id).toMatch(/^[0-9a-f]{40}$/);
    expect(calls).toEqual([{ name: 'get_file_contents', arguments: args, at: expect.any(Number), done: expect.any(Number) }]);
  });

  it('accepts the URL-encoded project path and the `path` alias', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    const result = await client.callTool({
      name: 'get_file_contents',
      arguments: { project_id: 'qa%2Frobot-repo', path: 'resources/common.resource', ref: 'qa-fixtures' },
    });
    expect(JSON.parse(textOf(result))).toMatchObject({ file_path: 'resources/common.resource' });
  });

  it('fails like GitLab on a wrong or missing ref, an unknown project or a path outside the repository', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    const call = (args: Record<string, unknown>, name = 'get_file_contents'): Promise<unknown> =>
      client.callTool({ name, arguments: args });
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ project_id: '42', file_path: 'doc/convention.md', ref: 'main' }, '404 File Not Found'],
      [{ project_id: '42', file_path: 'doc/convention.md' }, '404 File Not Found'],
      [{ project_id: '7', file_path: 'doc/convention.md', ref: 'qa-fixtures' }, '404 Project Not Found'],
      [{ project_id: '42', file_path: '../package.json', ref: 'qa-fixtures' }, '404 File Not Found'],
      [{ project_id: '42', file_path: 'doc/../../package.json', ref: 'qa-fixtures' }, '404 File Not Found'],
      [{ project_id: '42', file_path: '/etc/passwd', ref: 'qa-fixtures' }, '404 File Not Found'],
      [{ project_id: '42', file_path: 'doc/missing.md', ref: 'qa-fixtures' }, '404 File Not Found'],
      [{ project_id: '42', file_path: 'doc', ref: 'qa-fixtures' }, '404 File Not Found'],
      [{ project_id: '42', ref: 'qa-fixtures' }, 'Invalid arguments'],
      [{ project_id: '42', recursive: true }, '404 Tree Not Found', 'get_repository_tree'],
      [{ project_id: '42', ref: 'qa-fixtures', path: 'nope' }, '404 Tree Not Found', 'get_repository_tree'],
      [{ project_id: '9', ref: 'qa-fixtures' }, '404 Project Not Found', 'get_repository_tree'],
      [{ project_id: '9' }, '404 Project Not Found', 'get_project'],
    ];
    for (const [args, message, name] of cases) {
      const result = (await call(args, name)) as CallToolResult;
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toContain(message);
    }
  });

  it("throws JSON-RPC errors instead when errors: 'throw' (zereight's real behaviour)", async () => {
    const { url } = await start({ errors: 'throw' });
    const { client } = await connect(url);
    await expect(
      client.callTool({ name: 'get_file_contents', arguments: { project_id: '42', file_path: 'doc/convention.md', ref: 'main' } }),
    ).rejects.toThrow(/404 File Not Found/);
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool: no_such_tool/);
  });

  it('lists the repository tree, recursively and with keyset pagination', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    const top = JSON.parse(
      textOf(await client.callTool({ name: 'get_repository_tree', arguments: { project_id: '42', ref: 'qa-fixtures' } })),
    );
    expect(top.map((entry: { path: string }) => entry.path)).toEqual(['doc', 'resources', 'tests']);
    expect(top[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f]{40}$/), name: 'doc', type: 'tree', path: 'doc', mode: '040000' });

    const all = JSON.parse(
      textOf(await client.callTool({ name: 'get_repository_tree', arguments: { project_id: '42', ref: 'qa-fixtures', recursive: true } })),
    ) as Array<{ path: string; type: string }>;
    expect(all.filter((entry) => entry.type === 'blob').map((entry) => entry.path)).toEqual([
      'doc/convention.md',
      'resources/common.resource',
      'resources/orders.resource',
      'tests/login/login_valid.robot',
      'tests/orders/create_order.robot',
    ]);

    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = JSON.parse(
        textOf(
          await client.callTool({
            name: 'get_repository_tree',
            arguments: { project_id: '42', ref: 'qa-fixtures', recursive: true, pagination: 'keyset', per_page: 3, page_token: pageToken },
          }),
        ),
      ) as { items: Array<{ path: string }>; next_page_token?: string };
      seen.push(...page.items.map((item) => item.path));
      pageToken = page.next_page_token;
    } while (pageToken);
    expect(seen).toEqual(all.map((entry) => entry.path));
  });

  it('answers get_project, search_repositories and code search', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    const project = JSON.parse(textOf(await client.callTool({ name: 'get_project', arguments: { project_id: '42' } })));
    expect(project).toMatchObject({ id: 42, path_with_namespace: 'qa/robot-repo', default_branch: 'main' });
    const found = JSON.parse(textOf(await client.callTool({ name: 'search_repositories', arguments: { search: 'robot' } })));
    expect(found).toMatchObject({ count: 1, items: [{ path_with_namespace: 'qa/robot-repo' }] });

    const hits = JSON.parse(
      textOf(await client.callTool({ name: 'search_code', arguments: { search: 'open test session', extension: 'resource' } })),
    ) as Array<Record<string, unknown>>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toMatchObject({ path: 'resources/common.resource', ref: 'qa-fixtures', project_id: '42' });
    expect(String(hits[0]?.data)).toContain('Open Test Session');

    const scoped = await client.callTool({ name: 'search_project_code', arguments: { project_id: '42', search: 'Login' } });
    expect(textOf(scoped)).toContain('404 Tree Not Found');
    const scopedOk = await client.callTool({
      name: 'search_project_code',
      arguments: { project_id: '42', search: 'Login', ref: 'qa-fixtures', filename: '*.robot' },
    });
    const scopedHits = JSON.parse(textOf(scopedOk)) as Array<{ path: string }>;
    expect(scopedHits.map((hit) => hit.path)).toContain('tests/login/login_valid.robot');
    expect(scopedHits.every((hit) => hit.path.endsWith('.robot'))).toBe(true);
  });

  it('serves extra files such as a 150 KB file', async () => {
    const big = 'x'.repeat(150 * 1024);
    const { url } = await start({ extraFiles: { 'doc/big.md': big } });
    const { client } = await connect(url);
    const file = JSON.parse(
      textOf(
        await client.callTool({ name: 'get_file_contents', arguments: { project_id: '42', file_path: 'doc/big.md', ref: 'qa-fixtures' } }),
      ),
    );
    expect(file.size).toBe(big.length);
    expect(file.content).toBe(big);
  });

  it('records write tools, which succeed', async () => {
    const { url, calls } = await start();
    const { client } = await connect(url);
    const args = { project_id: '42', branch: 'x', file_path: 'a.robot', content: '', commit_message: 'm' };
    const result = await client.callTool({ name: 'create_or_update_file', arguments: args });
    expect(result.isError).toBeFalsy();
    expect(calls.map((call) => call.name)).toEqual(['create_or_update_file']);
    expect(calls[0]?.arguments).toEqual(args);
  });
});

describe('test MCP server: timing, cancellation and progress', () => {
  it('delays answers by toolLatencyMs', async () => {
    const { url } = await start({ toolLatencyMs: (name) => (name === 'get_project' ? 150 : 0) });
    const { client } = await connect(url);
    const started = Date.now();
    await client.callTool({ name: 'get_project', arguments: { project_id: '42' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('lets a client cancel a hanging tool with an AbortSignal', async () => {
    const { url, calls } = await start({ hangTools: ['get_file_contents'] });
    const { client } = await connect(url);
    const controller = new AbortController();
    const pending = client.callTool(
      { name: 'get_file_contents', arguments: { project_id: '42', file_path: 'doc/convention.md', ref: 'qa-fixtures' } },
      undefined,
      { signal: controller.signal },
    );
    await expect.poll(() => calls.length).toBe(1);
    controller.abort('enough');
    await expect(pending).rejects.toThrow();
    await expect.poll(() => calls[0]?.cancelled).toBe(true);
    // The session still works after the cancellation.
    expect(textOf(await client.callTool({ name: 'get_project', arguments: { project_id: '42' } }))).toContain('qa/robot-repo');
  });

  it('sends progress notifications when the request carries a progress token', async () => {
    const { url } = await start({ progress: true });
    const { client } = await connect(url);
    const seen: Progress[] = [];
    const result = await client.callTool(
      { name: 'get_file_contents', arguments: { project_id: '42', file_path: 'doc/convention.md', ref: 'qa-fixtures' } },
      undefined,
      { onprogress: (progress) => seen.push(progress) },
    );
    expect(JSON.parse(textOf(result)).content).toBe(await convention());
    expect(seen.length).toBe(3);
    expect(seen.map((progress) => progress.progress)).toEqual([1, 2, 3]);
    expect(seen[0]?.total).toBe(3);
  });
});

describe('test MCP server: transports and sessions', () => {
  it('counts a session ended with DELETE', async () => {
    const test = await start();
    const { client, transport } = await connect(test.url);
    await client.listTools();
    expect(test.sessionsClosed).toBe(0);
    await transport.terminateSession();
    await client.close();
    expect(test.sessionsClosed).toBe(1);
    expect(test.httpRequests.some((request) => request.method === 'DELETE' && request.path === '/mcp')).toBe(true);
  });

  it("answers 405 on /mcp in 'sse-only' mode and serves the legacy SSE transport", async () => {
    const test = await start({ mode: 'sse-only', token: 't' });
    const post = await fetch(test.url, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(post.status).toBe(405);

    const client = new Client({ name: 'mcp-server-test', version: '0.0.0' });
    clients.push(client);
    await client.connect(new SSEClientTransport(new URL(test.sseUrl), { requestInit: { headers: { Authorization: 'Bearer t' } } }));
    const result = await client.callTool({
      name: 'get_file_contents',
      arguments: { project_id: '42', file_path: 'doc/convention.md', ref: 'qa-fixtures' },
    });
    expect(JSON.parse(textOf(result)).content).toBe(await convention());
    expect(test.httpRequests.some((request) => request.path === '/messages' && request.sessionId)).toBe(true);

    await client.close();
    await expect.poll(() => test.sessionsClosed).toBe(1);
  });

  it("serves both transports in 'both' mode and hides SSE by default", async () => {
    const both = await start({ mode: 'both' });
    await connect(both.url);
    const sse = await fetch(both.sseUrl, { headers: { Accept: 'text/event-stream' } });
    expect(sse.status).toBe(200);
    await sse.body?.cancel();
    await both.close();

    const plain = await start();
    expect((await fetch(plain.sseUrl)).status).toBe(404);
  });

  it('closes with sessions and hanging calls still open', async () => {
    const test = await start({ hangTools: ['get_project'] });
    const { client } = await connect(test.url);
    const pending = client.callTool({ name: 'get_project', arguments: { project_id: '42' } });
    await expect.poll(() => test.calls.length).toBe(1);
    await test.close();
    expect(test.sessionsClosed).toBe(0);
    await client.close();
    await expect(pending).rejects.toThrow();
  });
});
