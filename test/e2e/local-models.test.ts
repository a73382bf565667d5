// Local model servers end to end (issue 7): the real CLI against scripted servers that
// imitate Ollama (tools refused, /api/tags, every call at index 0), llama.cpp (arguments in
// the first chunk) and a model that writes <tool_call> blocks, plus `writer models`.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type FakeOpenAIOptions } from '../fixtures/openai-server.js';
import { runCli, ROOT, type CliRun, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const SUITE_FILE = 'tests/orders/cancel_order.robot';
const MCP_TOKEN = 'mcp-secret-token-local-2468';
const OLLAMA_REFUSAL = 'registry.ollama.ai/library/gemma:2b does not support tools';
const SWITCH_NOTICE = 'has no native tool calls';

let mcp: TestMcpServer;
let model: FakeOpenAI | undefined;
let out: string;

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: MCP_TOKEN });
  out = await mkdtemp(path.join(tmpdir(), 'writer-local-'));
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp.close();
  await rm(out, { recursive: true, force: true });
});

async function serve(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  model = await startFakeOpenAI(options);
  return model;
}

/** Settings of a local server: no API key at all, the endpoint from --base-url. */
function generate(flags: string[], modelName = 'qwen2.5:7b'): Promise<CliRun> {
  return runCli(
    ['generate', '--spec', SPEC, '--out', out, '--base-url', model?.baseURL ?? 'http://127.0.0.1:9/v1', '--model', modelName, ...flags],
    {
      // A local server: no API key at all, the endpoint and model from the flags.
      env: writerEnv({ mcp, mcpToken: MCP_TOKEN }, { OPENAI_BASE_URL: undefined, OPENAI_MODEL_WRITER: undefined }),
    },
  );
}

function block(name: string, args: Record<string, unknown>): string {
  return `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
}

/**
 * What the model asked for, as the MCP server saw it: after writer's own read of the conventions, and
 * before the check of the answer reads the resources the suite imports that the model had not read.
 */
function modelReads(count = Infinity): string[] {
  return mcp.calls
    .slice(1, 1 + count)
    .map(
      (call) =>
        `${call.name} ${String(call.arguments.file_path ?? call.arguments.path)} ${String(call.arguments.project_id)} ${String(call.arguments.ref)}`,
    );
}

/** The request carries no trace of native tool calling: no tools, no tool_calls, no tool role. */
function expectTextOnly(request: ChatRequest): void {
  if (request.tools !== undefined) throw new Error('the request carries tools');
  for (const message of request.messages) {
    if (message.role === 'tool') throw new Error('the request has a tool message');
    if (message.tool_calls !== undefined) throw new Error('the request has an assistant message with tool_calls');
  }
}

function toolMessages(request: ChatRequest | undefined): string[] {
  return (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(message.content));
}

const TWO_BLOCKS = `I will look at the tree and the orders resource first.\n${block('get_repository_tree', { path: 'tests', recursive: true })}\n${block('get_file_contents', { file_path: 'resources/orders.resource' })}`;

describe('an Ollama model without tool support', () => {
  it('switches to text tool calls once, keeps the history free of tool roles and writes the suite', async () => {
    const server = await serve({
      refuseTools: OLLAMA_REFUSAL,
      models: ['qwen2.5:7b'],
      turns: [
        {
          content: TWO_BLOCKS,
          chunkSize: 9,
          expect: (request) => {
            expectTextOnly(request);
            const system = String(request.messages[0]?.content);
            if (!system.includes('<tools>') || !system.includes('"name":"get_file_contents"'))
              throw new Error('no tool list in the system prompt');
          },
        },
        {
          content: fenced(CANCEL_ORDER_SUITE),
          expect: (request) => {
            expectTextOnly(request);
            const [assistant, results] = request.messages.slice(-2);
            if (assistant?.role !== 'assistant' || !String(assistant.content).includes('<tool_call>'))
              throw new Error('the calls are not in the assistant text');
            if (results?.role !== 'user' || (String(results.content).match(/<tool_response>/g) ?? []).length !== 2)
              throw new Error('no user message with two results');
          },
        },
      ],
    });
    const run = await generate(['--provider', 'ollama']);

    expect(run.stderr).toContain(`wrote ${path.join(out, SUITE_FILE)}`);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(await readFile(path.join(out, SUITE_FILE), 'utf8')).toBe(CANCEL_ORDER_SUITE);
    expect(run.stderr.split(SWITCH_NOTICE)).toHaveLength(2);
    expect(run.stderr).toContain(
      `! model qwen2.5:7b has no native tool calls (${OLLAMA_REFUSAL}); this run goes on with tool calls written as text (<tool_call> blocks)`,
    );
    // The one refused request with tools, then text mode for good.
    expect(server.requests.map((request) => request.tools?.length ?? 0)).toEqual([expect.any(Number), 0, 0]);
    expect(server.requests[0]?.tools?.length).toBeGreaterThan(0);
    expect(modelReads(2)).toEqual([
      'get_repository_tree tests 42 qa-fixtures',
      'get_file_contents resources/orders.resource 42 qa-fixtures',
    ]);
    const results = String(server.requests[2]?.messages.at(-1)?.content);
    expect(results).toMatch(/^<tool_response>\n/);
    expect(results).toContain('Create Order\n    [Arguments]    ${item}    ${quantity}=1');
  });

  it('exits 3 with --tool-format native, saying what to use instead', async () => {
    await serve({ refuseTools: OLLAMA_REFUSAL, models: ['qwen2.5:7b'], turns: [] });
    const run = await generate(['--provider', 'ollama', '--tool-format', 'native']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`refused native tool calls (400: ${OLLAMA_REFUSAL}); use --tool-format text or auto`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(out)).toEqual([]);
  });
});

describe('streaming quirks of local servers', () => {
  it('keeps apart parallel calls that Ollama streams all at index 0 with null arguments', async () => {
    const server = await serve({
      models: ['qwen2.5:7b'],
      turns: [
        {
          toolCalls: [
            { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
            { name: 'get_file_contents', arguments: { file_path: 'resources/common.resource' } },
            { name: 'get_repository_tree', arguments: { path: 'tests/orders' } },
          ],
          toolCallStyle: 'index-zero',
          chunkSize: 4,
        },
        { content: fenced(CANCEL_ORDER_SUITE) },
      ],
    });
    const run = await generate(['--provider', 'ollama']);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(run.stderr).not.toContain(SWITCH_NOTICE);
    expect(modelReads().sort()).toEqual([
      'get_file_contents resources/common.resource 42 qa-fixtures',
      'get_file_contents resources/orders.resource 42 qa-fixtures',
      'get_repository_tree tests/orders 42 qa-fixtures',
    ]);
    const results = toolMessages(server.requests[1]);
    expect(results).toHaveLength(3);
    expect(results[0]).toContain('Create Order');
    expect(results[1]).toMatch(/^File resources\/common\.resource/);
    expect(results[2]).toContain('create_order.robot');
    expect(await readFile(path.join(out, SUITE_FILE), 'utf8')).toBe(CANCEL_ORDER_SUITE);
  });

  it('assembles llama.cpp calls whose first chunk holds the name and the start of the arguments', async () => {
    const server = await serve({
      models: ['qwen2.5-7b-instruct-q4_k_m.gguf'],
      turns: [
        {
          toolCalls: [
            { name: 'get_repository_tree', arguments: { path: 'tests', recursive: true } },
            { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
          ],
          toolCallStyle: 'arguments-in-first-chunk',
          chunkSize: 6,
        },
        { content: fenced(CANCEL_ORDER_SUITE) },
      ],
    });
    const run = await generate(['--provider', 'llamacpp'], 'qwen2.5-7b-instruct-q4_k_m.gguf');
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(modelReads(2)).toEqual([
      'get_repository_tree tests 42 qa-fixtures',
      'get_file_contents resources/orders.resource 42 qa-fixtures',
    ]);
    expect(
      server.requests[1]?.messages
        .find((message) => message.role === 'assistant')
        ?.tool_calls?.map((call) => JSON.parse(call.function.arguments)),
    ).toEqual([{ path: 'tests', recursive: true }, { file_path: 'resources/orders.resource' }]);
    expect(await readFile(path.join(out, SUITE_FILE), 'utf8')).toBe(CANCEL_ORDER_SUITE);
  });
});

describe('a model that writes <tool_call> blocks', () => {
  it('gets them executed in native mode (auto) and their results as <tool_response> text', async () => {
    const server = await serve({
      models: ['qwen2.5:7b'],
      turns: [
        { content: TWO_BLOCKS },
        {
          content: fenced(CANCEL_ORDER_SUITE),
          expect: (request) => {
            if (!request.tools?.length) throw new Error('native mode should still offer the tools');
            if (request.messages.some((message) => message.role === 'tool' || message.tool_calls))
              throw new Error('text calls went back as native ones');
          },
        },
      ],
    });
    const run = await generate([]);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(run.stderr).not.toContain(SWITCH_NOTICE);
    expect(modelReads(2)).toEqual([
      'get_repository_tree tests 42 qa-fixtures',
      'get_file_contents resources/orders.resource 42 qa-fixtures',
    ]);
    expect(String(server.requests[1]?.messages.at(-1)?.content)).toContain('<tool_response>');
    expect(await readFile(path.join(out, SUITE_FILE), 'utf8')).toBe(CANCEL_ORDER_SUITE);
  });

  it('does not run them with --tool-format native: the reply is an answer without a suite', async () => {
    await serve({ models: ['qwen2.5:7b'], turns: [{ content: TWO_BLOCKS }] });
    const run = await generate(['--tool-format', 'native', '--repair-rounds', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the model answered without a Robot Framework suite');
    expect(modelReads()).toEqual([]);
  });

  it('describes the tools in the system prompt with --tool-format text, even to a server with tool support', async () => {
    const server = await serve({
      models: ['qwen2.5:7b'],
      turns: [
        { content: block('get_file_contents', { file_path: 'resources/orders.resource' }), expect: expectTextOnly },
        { content: fenced(CANCEL_ORDER_SUITE), expect: expectTextOnly },
      ],
    });
    const run = await generate(['--provider', 'vllm', '--tool-format', 'text']);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(run.stderr).not.toContain(SWITCH_NOTICE);
    expect(String(server.requests[0]?.messages[0]?.content)).toContain('<tool_call></tool_call> tags');
    expect(modelReads(1)).toEqual(['get_file_contents resources/orders.resource 42 qa-fixtures']);
  });
});

describe('writer models', () => {
  it('lists what an Ollama endpoint serves, from /v1/models and /api/tags, one per line or as JSON', async () => {
    await serve({ models: ['qwen2.5:7b'], tags: ['qwen2.5:7b', 'llama3.2:latest'], turns: [] });
    const lines = await runCli(['models', '--provider', 'ollama', '--base-url', model?.baseURL ?? '']);
    expect(lines.stderr).toBe('');
    expect(lines.code).toBe(0);
    expect(lines.stdout).toBe('qwen2.5:7b\nllama3.2:latest\n');
    const json = await runCli(['models', '--json'], { env: { WRITER_PROVIDER: 'ollama', OPENAI_BASE_URL: model?.baseURL } });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(['qwen2.5:7b', 'llama3.2:latest']);
  });

  it('asks only /v1/models of other servers, with the key', async () => {
    await serve({ models: ['gpt-test', 'gpt-other'], tags: ['not-asked'], apiKey: 'sk-models-key-1357', turns: [] });
    const run = await runCli(['models', '--base-url', model?.baseURL ?? ''], { env: { OPENAI_API_KEY: 'sk-models-key-1357' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('gpt-test\ngpt-other\n');
  });

  it('exits 3 when the key is refused or the endpoint is unreachable, and 2 without a key for OpenAI', async () => {
    await serve({ models: ['gpt-test'], apiKey: 'sk-models-key-1357', turns: [] });
    const refused = await runCli(['models', '--base-url', model?.baseURL ?? '', '--api-key', 'sk-wrong-key-0000']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/refused the API key \(401\)/);
    expect(refused.stderr).not.toContain('sk-wrong-key-0000');

    const unreachable = await runCli(['models', '--provider', 'lmstudio', '--base-url', 'http://127.0.0.1:9/v1']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^writer: model endpoint http:\/\/127\.0\.0\.1:9\/v1 unreachable/);

    const keyless = await runCli(['models']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain(
      'missing setting --api-key (or OPENAI_API_KEY): OpenAI needs an API key (local servers: set --provider or --base-url)',
    );
  });
});
