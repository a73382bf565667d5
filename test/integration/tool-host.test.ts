// The tool host against the SDK-built MCP server of the tests, in process over the SDK's
// InMemoryTransport: what the model is offered, injection of project and ref, tool
// failures as data (unknown tool, bad JSON, error results, protocol errors, timeouts),
// Ctrl-C, progress; the remembering host above it and the read cache a batch shares below it.

import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { RememberingToolHost } from '../../src/loop/remembering-tool-host.js';
import { injectionRules } from '../../src/mcp/injection.js';
import { McpSession } from '../../src/mcp/mcp-session.js';
import { SharedReadCache } from '../../src/mcp/shared-read-cache.js';
import { McpToolHost, offerTools } from '../../src/mcp/tool-host.js';
import { isOutcome, type ToolOutcome, type ToolResult } from '../../src/loop/tool-host.js';
import { selectTools } from '../../src/mcp/tool-policy.js';
import { startTestMcpServer, type TestMcpServer, type TestMcpServerOptions } from '../fixtures/mcp-server.js';
import { until } from '../helpers/until.js';

let server: TestMcpServer | undefined;
let session: McpSession | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
  await server?.close();
  server = undefined;
});

interface Connected {
  server: TestMcpServer;
  session: McpSession;
  /** The read-only tools of the server as a generation offers them: project 42 and ref qa-fixtures filled in. */
  offered: ReturnType<typeof offerTools>;
}

async function connect(options: TestMcpServerOptions = {}): Promise<Connected> {
  const started = await startTestMcpServer(options);
  server = started;
  // The fixture's HTTP listener stays unused: the session runs over a linked in-memory pair.
  session = await McpSession.connectInProcess(
    { connect: (transport) => started.connect(transport), close: async () => undefined },
    'test server',
  );
  const selection = selectTools(await session.listTools(), { allowWriteTools: false });
  return { server: started, session, offered: offerTools(selection.offered, injectionRules({ projectId: '42', ref: 'qa-fixtures' })) };
}

async function toolHost(options: TestMcpServerOptions = {}): Promise<{ host: McpToolHost; server: TestMcpServer }> {
  const connected = await connect(options);
  return { host: new McpToolHost(connected.session, connected.offered), server: connected.server };
}

function prepared(
  host: McpToolHost | RememberingToolHost,
  name: string,
  args: Record<string, unknown> | string,
): { name: string; arguments: Record<string, unknown> } {
  const result = host.prepare({ id: 'call_1', name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });
  if (isOutcome(result)) throw new Error(`not sent: ${textOf(result)}`);
  return result;
}

function textOf(outcome: ToolOutcome | ToolResult): string {
  const result = 'result' in outcome ? outcome.result : outcome;
  return result.content.map((part) => part.text ?? '').join('\n');
}

const ORDERS = { file_path: 'resources/orders.resource' };

describe('the MCP tool host', () => {
  it("offers the server's read-only tools sorted by name, without the project and ref it fills in itself", async () => {
    const { host } = await toolHost();
    expect(host.definitions.map((tool) => tool.name)).toEqual([
      'get_file_contents',
      'get_project',
      'get_repository_tree',
      'search_code',
      'search_project_code',
      'search_repositories',
    ]);
    const file = host.definitions.find((tool) => tool.name === 'get_file_contents');
    expect(Object.keys(file?.parameters.properties as object)).toEqual(['file_path', 'path']);
  });

  it("fills in project and ref over whatever the model sent, and returns the server's result", async () => {
    const { host, server } = await toolHost();
    const call = prepared(host, 'get_file_contents', { ...ORDERS, project_id: '999', ref: 'main' });
    expect(call).toEqual({ name: 'get_file_contents', arguments: { ...ORDERS, project_id: '42', ref: 'qa-fixtures' } });
    const outcome = await host.execute(call);
    expect(outcome.result.isError).toBe(false);
    expect(JSON.parse(textOf(outcome))).toMatchObject({
      file_path: 'resources/orders.resource',
      ref: 'qa-fixtures',
      content: expect.stringContaining('Create Order'),
    });
    expect(server.calls.map((record) => record.arguments)).toEqual([{ ...ORDERS, project_id: '42', ref: 'qa-fixtures' }]);
  });

  it('answers an unknown tool, a write tool it does not offer, and arguments that are not JSON without calling the server', async () => {
    const { host, server } = await toolHost();
    for (const [name, args, message] of [
      ['delete_everything', '{}', /^Invalid tool call: there is no tool named 'delete_everything'\. Available tools: (\w+, ){5}\w+\.$/],
      ['create_or_update_file', '{}', /^Invalid tool call: there is no tool named 'create_or_update_file'\./],
      [
        'get_file_contents',
        '{"file_path": "a',
        /^Invalid tool call: the arguments of 'get_file_contents' are not a JSON object \(.+\)\. Send them again as valid JSON\.$/,
      ],
      ['get_file_contents', '["a"]', /are not a JSON object \(not an object\)/],
    ] as const) {
      const outcome = host.prepare({ id: 'call_1', name, arguments: args });
      expect(isOutcome(outcome) && outcome.result.isError, name).toBe(true);
      expect(textOf(outcome as ToolOutcome)).toMatch(message);
    }
    expect(server.calls).toEqual([]);
  });

  it('passes an error result on as an error outcome for the model', async () => {
    const { host } = await toolHost();
    const outcome = await host.execute(prepared(host, 'get_file_contents', { file_path: 'no/such.robot' }));
    expect(outcome.result.isError).toBe(true);
    expect(textOf(outcome)).toContain('404 File Not Found');
  });

  it('turns a protocol error the server throws into an error outcome, not a failed run', async () => {
    const { host } = await toolHost({ errors: 'throw' });
    const outcome = await host.execute(prepared(host, 'get_file_contents', { file_path: 'no/such.robot' }));
    expect(outcome.result.isError).toBe(true);
    expect(textOf(outcome)).toMatch(/^Tool 'get_file_contents' failed: MCP error -32603: GitLab API error: 404 Not Found/);
  });

  it('gives up on a call past its timeout, as an error outcome, and cancels it on the server', async () => {
    const { host, server } = await toolHost({ hangTools: ['get_repository_tree'] });
    const outcome = await host.execute(prepared(host, 'get_repository_tree', { path: 'tests' }), { timeoutMs: 50 });
    expect(outcome.result.isError).toBe(true);
    expect(textOf(outcome)).toMatch(/^Tool 'get_repository_tree' failed: .*timed out/i);
    await until(() => server.calls[0]?.cancelled === true, 'the cancellation');
  });

  it('stops a call at Ctrl-C with InterruptedError, not a tool failure, and cancels it on the server', async () => {
    const { host, server } = await toolHost({ hangTools: ['get_repository_tree'] });
    const controller = new AbortController();
    const running = host.execute(prepared(host, 'get_repository_tree', { path: 'tests' }), { signal: controller.signal });
    await until(() => server.calls.length === 1, 'the call');
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    await until(() => server.calls[0]?.cancelled === true, 'the cancellation');
  });

  it("passes the server's progress notifications on", async () => {
    const { host } = await toolHost({ progress: true });
    const messages: string[] = [];
    await host.execute(prepared(host, 'get_file_contents', ORDERS), { onProgress: (message) => messages.push(message) });
    expect(messages).toEqual([1, 2, 3].map((step) => `reading resources/orders.resource (${step}/3)`));
  });
});

describe('the remembering host', () => {
  it('sends the same call once, however often it is made and in whatever key order, and knows the model repeated it', async () => {
    const { host: mcp, server } = await toolHost();
    const host = new RememberingToolHost(mcp);
    const first = prepared(host, 'get_repository_tree', { path: 'tests', recursive: true });
    const again = prepared(host, 'get_repository_tree', { recursive: true, path: 'tests' });
    expect(host.isRepeat(first)).toBe(false);
    const [one, two] = await Promise.all([host.execute(first), host.execute(again)]);
    expect(textOf(two)).toBe(textOf(one));
    expect(host.isRepeat(again)).toBe(true);
    expect(server.calls).toHaveLength(1);
  });

  it("counts writer's own read as no repeat of the model's first call of it, only of its second", async () => {
    const { host: mcp, server } = await toolHost();
    const host = new RememberingToolHost(mcp);
    const call = prepared(host, 'get_file_contents', ORDERS);
    await host.execute(call, { caller: 'writer' });
    expect(host.isRepeat(call)).toBe(false);
    await host.execute(call);
    expect(host.isRepeat(call)).toBe(true);
    expect(server.calls).toHaveLength(1);
    expect(host.remembered().map((entry) => [entry.name, entry.arguments])).toEqual([
      ['get_file_contents', { ...ORDERS, project_id: '42', ref: 'qa-fixtures' }],
    ]);
  });

  it('forgets a call that failed, so that asking again reaches the server', async () => {
    const { host: mcp, server } = await toolHost();
    const host = new RememberingToolHost(mcp);
    const missing = prepared(host, 'get_file_contents', { file_path: 'no/such.robot' });
    await host.execute(missing);
    await host.execute(missing);
    expect(host.isRepeat(missing)).toBe(false);
    expect(server.calls).toHaveLength(2);
    expect(host.remembered()).toEqual([]);
  });
});

describe("the read cache a batch's generations share", () => {
  async function cached(
    options: TestMcpServerOptions = {},
  ): Promise<{ cache: SharedReadCache; hosts: RememberingToolHost[]; server: TestMcpServer }> {
    const connected = await connect(options);
    const cache = new SharedReadCache(connected.session.callTool.bind(connected.session), (name) => name === 'get_file_contents');
    // One remembering host per generation, as a batch has them, over one tool host on the cache.
    const tools = new McpToolHost({ callTool: cache.call.bind(cache) }, connected.offered);
    return { cache, hosts: [new RememberingToolHost(tools), new RememberingToolHost(tools)], server: connected.server };
  }

  it('answers the same read of two generations with one server call, in flight and after', async () => {
    const { cache, hosts, server } = await cached({ toolLatencyMs: 20 });
    const [first, second] = hosts as [RememberingToolHost, RememberingToolHost];
    const [a, b] = await Promise.all([
      first.execute(prepared(first, 'get_file_contents', ORDERS)),
      second.execute(prepared(second, 'get_file_contents', ORDERS)),
    ]);
    expect(textOf(b)).toBe(textOf(a));
    const later = new RememberingToolHost(new McpToolHost({ callTool: cache.call.bind(cache) }, []));
    expect(textOf(await later.execute({ name: 'get_file_contents', arguments: { ...ORDERS, project_id: '42', ref: 'qa-fixtures' } }))).toBe(
      textOf(a),
    );
    expect(server.calls).toHaveLength(1);
    expect(cache.stats).toEqual({ serverCalls: 1, shared: 2 });
  });

  it('sends tools it may not cache to the server every time', async () => {
    const { cache, hosts, server } = await cached();
    for (const host of hosts) await host.execute(prepared(host, 'get_repository_tree', { path: 'tests' }));
    expect(server.calls).toHaveLength(2);
    expect(cache.stats).toEqual({ serverCalls: 2, shared: 0 });
  });

  it('keeps no error result, so that a passing fault is tried again', async () => {
    const { hosts, server } = await cached();
    for (const host of hosts) await host.execute(prepared(host, 'get_file_contents', { file_path: 'no/such.robot' }));
    expect(server.calls).toHaveLength(2);
  });

  it("lets a generation that joined a read leave at Ctrl-C, and the first one's read goes on", async () => {
    const { hosts, server } = await cached({ toolLatencyMs: 200 });
    const [first, second] = hosts as [RememberingToolHost, RememberingToolHost];
    const reading = first.execute(prepared(first, 'get_file_contents', ORDERS));
    await until(() => server.calls.length === 1, 'the first read');
    const controller = new AbortController();
    const joined = second.execute(prepared(second, 'get_file_contents', ORDERS), { signal: controller.signal });
    controller.abort();
    await expect(joined).rejects.toBeInstanceOf(InterruptedError);
    expect((await reading).result.isError).toBe(false);
    expect(server.calls).toEqual([expect.not.objectContaining({ cancelled: true })]);
  });
});
