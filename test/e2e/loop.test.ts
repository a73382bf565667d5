// The tool loop's wiring end to end (issue 5): the flags that bound it (--timeout, --retries,
// --tool-concurrency, --tool-timeout, --max-tool-calls, --max-tokens), exit codes, Ctrl-C,
// what is printed and written (JSON summary, usage, the transcript), through the real CLI
// against the SDK-built MCP server and the scripted model. The loop's behaviour itself is
// tested in process (test/unit/run-conversation.test.ts, test/integration/tool-host.test.ts,
// test/unit/openai-chat-model.test.ts).

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer, type TestMcpServerOptions } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { runCli, ROOT, type CliRun, writerEnv } from '../helpers/run-cli.js';
import { SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';
import { until } from '../helpers/until.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const MCP_TOKEN = 'mcp-secret-token-loop-4321';
const API_KEY = 'sk-loop-test-key-8765';
const SUITE_FILE = 'tests/orders/cancel_order.robot';
const ANSWER: ScriptedTurn = { content: fenced(SELF_CONTAINED_SUITE) };

const READS = [
  'resources/common.resource',
  'resources/orders.resource',
  'tests/login/login_valid.robot',
  'tests/orders/create_order.robot',
];
const read = (file: string): { name: string; arguments: Record<string, unknown> } => ({
  name: 'get_file_contents',
  arguments: { file_path: file },
});

let mcp: TestMcpServer | undefined;
let model: FakeOpenAI | undefined;
let out: string;

beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'writer-loop-'));
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp?.close();
  mcp = undefined;
  await rm(out, { recursive: true, force: true });
});

async function serve(turns: ScriptedTurn[], options: TestMcpServerOptions = {}): Promise<{ server: FakeOpenAI; tools: TestMcpServer }> {
  mcp = await startTestMcpServer({ token: MCP_TOKEN, ...options });
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return { server: model, tools: mcp };
}

function env(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return writerEnv({ mcp, model, mcpToken: MCP_TOKEN, apiKey: API_KEY }, extra);
}

function generate(flags: string[] = [], options: { onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return runCli(['generate', '--spec', SPEC, '--out', out, ...flags], { env: env(), onSpawn: options.onSpawn });
}

function toolMessages(request: ChatRequest | undefined): string[] {
  return (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(message.content));
}

/** The server-side reads after writer's own read of the conventions. */
function modelReads(server: TestMcpServer): string[] {
  return server.calls.slice(1).map((call) => `${call.name} ${String(call.arguments.file_path ?? call.arguments.path ?? '')}`);
}

async function written(): Promise<string> {
  return readFile(path.join(out, SUITE_FILE), 'utf8');
}

/** A model endpoint that streams the start of a reply, then goes quiet without closing the stream. */
async function startStallingModel(pieces: string[]): Promise<{ baseURL: string; streamed: () => boolean; close: () => Promise<void> }> {
  let streamed = false;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      for (const content of pieces) {
        const chunk = {
          id: 'chatcmpl-stall',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'gpt-test',
          choices: [{ index: 0, delta: { content }, finish_reason: null }],
        };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      streamed = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    streamed: () => streamed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a model endpoint that fails', () => {
  it('exits 3 with one clear line when the stream is cut twice, writing nothing', async () => {
    const cut = { ...ANSWER, cutAfterChunks: 3 } as ScriptedTurn;
    const { server, tools } = await serve([cut, cut, ANSWER]);
    const run = await generate(['--json']);
    expect(run.code).toBe(3);
    expect(server.requests).toHaveLength(2);
    expect(run.stderr).toMatch(/✗ writer: model endpoint http:\/\/127\.0\.0\.1:\d+\/v1\/?: the reply stream was cut twice \(.+\)\n$/);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'failed', output: null, error: expect.stringContaining('cut twice') });
    expect(await readdir(out)).toEqual([]);
    expect(tools.sessionsClosed).toBe(1);
  });

  it('exits 3 on a 429 with --retries 0', async () => {
    const { server, tools } = await serve([{ status: 429, headers: { 'retry-after': '0' } }, ANSWER]);
    const run = await generate(['--retries', '0']);
    expect(run.code).toBe(3);
    expect(server.requests).toHaveLength(1);
    expect(run.stderr).toMatch(/writer: model endpoint \S+ answered 429: Rate limit reached for gpt-test/);
    expect(await readdir(out)).toEqual([]);
    expect(tools.sessionsClosed).toBe(1);
  });
});

describe('a model endpoint that stalls or makes us wait', () => {
  const PARTIAL = [
    'Here it is.\n\n```robot\n',
    '*** Settings ***\nDocumentation     Cancelling orders.\n\n',
    '*** Test Cases ***\nA Cancelled Order\n    Log    half',
  ];

  it('gives up on a reply that stops streaming, after --timeout', async () => {
    mcp = await startTestMcpServer({ token: MCP_TOKEN });
    const stalling = await startStallingModel(PARTIAL);
    try {
      const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--timeout', '1', '--retries', '0'], {
        env: env({ OPENAI_BASE_URL: stalling.baseURL }),
        timeoutMs: 20_000,
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/writer: model endpoint \S+: no complete reply within 1 s \(--timeout\)/);
      expect(await readdir(out)).toEqual([]);
      expect(mcp.sessionsClosed).toBe(1);
    } finally {
      await stalling.close();
    }
  });

  it('writes nothing when Ctrl-C arrives in the middle of a streamed answer', async () => {
    mcp = await startTestMcpServer({ token: MCP_TOKEN });
    const stalling = await startStallingModel(PARTIAL);
    try {
      const run = await runCli(['generate', '--spec', SPEC, '--out', out], {
        env: env({ OPENAI_BASE_URL: stalling.baseURL }),
        onSpawn: (child) => void until(stalling.streamed, 'the half answer').then(() => child.kill('SIGINT')),
        timeoutMs: 20_000,
      });
      expect(run.code).toBe(130);
      expect(run.stderr.trim().split('\n').at(-1)).toBe('✗ writer: interrupted');
      expect(await readdir(out)).toEqual([]);
      expect(mcp.sessionsClosed).toBe(1);
    } finally {
      await stalling.close();
    }
  });
});

describe('frugal tool use', () => {
  it('sends a repeated call to the MCP server once: in two rounds, and twice in one reply with keys in another order', async () => {
    const { server, tools } = await serve([
      { toolCalls: [read('resources/orders.resource')] },
      {
        toolCalls: [
          read('resources/orders.resource'),
          { name: 'get_repository_tree', arguments: '{"path":"tests","recursive":true}' },
          { name: 'get_repository_tree', arguments: '{"recursive":true,"path":"tests"}' },
        ],
      },
      ANSWER,
    ]);
    const run = await generate(['--json']);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(modelReads(tools)).toEqual(['get_file_contents resources/orders.resource', 'get_repository_tree tests']);
    expect(run.stderr).toContain('(repeat, answered from memory)');
    const [first, againFile, tree, againTree] = toolMessages(server.requests[2]);
    expect(againFile).toMatch(/^\(You already made this call with the same arguments; here is the same result again\.\)\n/);
    expect(againFile?.endsWith(String(first))).toBe(true);
    expect(againTree).toBe(`(You already made this call with the same arguments; here is the same result again.)\n${tree}`);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', toolCalls: 4, repeatsAvoided: 2 });
  });

  it('cuts a 150 KB file to its head and tail, with a marker, and counts the cut characters', async () => {
    const lines = Array.from(
      { length: 3000 },
      (_, index) => `Line ${String(index).padStart(5, '0')} of the big resource file with some padding text`,
    );
    const big = `HEAD-OF-BIG-FILE\n${lines.join('\n')}\nTAIL-OF-BIG-FILE\n`;
    expect(big.length).toBeGreaterThan(150_000);
    const { server } = await serve([{ toolCalls: [read('resources/big.resource')] }, ANSWER], {
      extraFiles: { 'resources/big.resource': big },
    });
    const run = await generate(['--json']);
    expect(run.code).toBe(0);
    const [result] = toolMessages(server.requests[1]);
    expect(result?.length).toBeLessThan(21_000);
    expect(result).toMatch(/^File resources\/big\.resource \(ref qa-fixtures\):\nHEAD-OF-BIG-FILE\n/);
    expect(result).toContain('TAIL-OF-BIG-FILE');
    expect(result).toMatch(/\[\.\.\. \d+ of \d+ characters cut here\./);
    const shaped = `File resources/big.resource (ref qa-fixtures):\n${big}`;
    expect(JSON.parse(run.stdout).truncatedChars).toBe(shaped.length - 20_000);
    expect(run.stderr).toMatch(/get_file_contents: \d+ characters cut from the result/);
  });

  it('runs the calls of a reply one at a time with --tool-concurrency 1, results in call order', async () => {
    // Slow calls would overlap if the flag did not reach the loop (the default runs four at once).
    const { server, tools } = await serve([{ toolCalls: READS.map(read) }, ANSWER], { toolLatencyMs: 50 });
    const run = await generate(['--tool-concurrency', '1']);
    expect(run.code).toBe(0);
    expect(tools.calls.slice(1).map((call) => call.arguments.file_path)).toEqual(READS);
    const reads = tools.calls.slice(1);
    reads.slice(1).forEach((call, index) => expect(call.at).toBeGreaterThanOrEqual(reads[index]?.done ?? Infinity));
    toolMessages(server.requests[1]).forEach((message, index) => expect(message).toMatch(new RegExp(`^File ${READS[index]} `)));
  });

  it('reports a tool that hangs past --tool-timeout to the model as failed, and still writes the suite', async () => {
    const { server, tools } = await serve([{ toolCalls: [{ name: 'get_repository_tree', arguments: { path: 'tests' } }] }, ANSWER], {
      hangTools: ['get_repository_tree'],
    });
    const run = await generate(['--tool-timeout', '1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('get_repository_tree failed');
    const [result] = toolMessages(server.requests[1]);
    expect(result).toMatch(/^ERROR: Tool 'get_repository_tree' failed: .*timed out/i);
    await until(() => tools.calls[1]?.cancelled === true, 'the cancellation of the hanging call');
    expect(await written()).toBe(SELF_CONTAINED_SUITE);
  });
});

describe('budgets', () => {
  it('exits 1 naming --max-tool-calls when the model asks for more calls', async () => {
    const { tools } = await serve([
      { toolCalls: [read('resources/orders.resource'), read('resources/common.resource')] },
      { toolCalls: [read('tests/orders/create_order.robot')] },
      ANSWER,
    ]);
    const run = await generate(['--max-tool-calls', '2', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('writer: tool call budget spent: the model asked for more than --max-tool-calls 2');
    expect(modelReads(tools)).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'failed', toolCalls: 2, rounds: 2 });
    expect(await readdir(out)).toEqual([]);
  });

  it('exits 1 naming --max-tokens when the token budget is spent', async () => {
    const { tools } = await serve([{ toolCalls: [read('resources/orders.resource')] }, ANSWER]);
    const run = await generate(['--max-tokens', '50']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/writer: token budget spent: \d+ tokens used, --max-tokens is 50/);
    expect(modelReads(tools)).toEqual([]);
    expect(await readdir(out)).toEqual([]);
    expect(tools.sessionsClosed).toBe(1);
  });
});

describe('Ctrl-C', () => {
  it('stops a run while the model hangs: exit 130, nothing written, MCP session closed', async () => {
    const { server, tools } = await serve([{ hang: true }]);
    const run = await generate([], {
      onSpawn: (child) => void until(() => server.requests.length === 1, 'the model request').then(() => child.kill('SIGINT')),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted');
    expect(run.stderr.trim().split('\n').at(-1)).toBe('✗ writer: interrupted');
    expect(await readdir(out)).toEqual([]);
    expect(tools.sessionsClosed).toBe(1);
  });

  it('stops a run during a hanging tool call, cancelling it', async () => {
    const { tools } = await serve([{ toolCalls: [{ name: 'get_repository_tree', arguments: { path: 'tests' } }] }, ANSWER], {
      hangTools: ['get_repository_tree'],
    });
    const run = await generate([], {
      onSpawn: (child) => void until(() => tools.calls.length === 2, 'the hanging tool call').then(() => child.kill('SIGINT')),
    });
    expect(run.code).toBe(130);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('✗ writer: interrupted');
    expect(await readdir(out)).toEqual([]);
    expect(tools.sessionsClosed).toBe(1);
    expect(tools.calls[1]?.cancelled).toBe(true);
  });
});

describe('Ctrl-C before the first round', () => {
  it('stops while writer reads the conventions', async () => {
    const { server, tools } = await serve([ANSWER], { hangTools: ['get_file_contents'] });
    const run = await generate([], {
      onSpawn: (child) => void until(() => tools.calls.length === 1, 'the conventions read').then(() => child.kill('SIGINT')),
    });
    expect(run.code).toBe(130);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('✗ writer: interrupted');
    expect(server.requests).toHaveLength(0);
    expect(tools.sessionsClosed).toBe(1);
  });
});

describe('conventions', () => {
  it('exits 2 naming path, project and ref when the conventions file does not exist', async () => {
    const { server, tools } = await serve([ANSWER]);
    const run = await generate(['--conventions', 'doc/missing.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('writer: cannot read the conventions file doc/missing.md (project 42, ref qa-fixtures)');
    expect(server.requests).toHaveLength(0);
    expect(tools.sessionsClosed).toBe(1);
  });

  it('runs with a warning and says so to the model with --conventions none', async () => {
    const { server, tools } = await serve([ANSWER]);
    const run = await generate(['--conventions', 'none']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('! running without a conventions document (--conventions none)');
    expect(tools.calls).toEqual([]);
    const user = String(server.requests[0]?.messages[1]?.content);
    expect(user).toContain('This run has no conventions document');
    expect(user).not.toContain('has already been read for you');
  });
});

describe('usage', () => {
  it('sums the usage the server reported per round, cached prompt tokens too', async () => {
    const { server } = await serve([
      { toolCalls: [read('resources/orders.resource')], usage: { prompt_tokens: 1201, completion_tokens: 17 } },
      { toolCalls: [read('resources/common.resource')], usage: { prompt_tokens: 2302, completion_tokens: 23, cached_tokens: 1152 } },
      { ...ANSWER, usage: { prompt_tokens: 3403, completion_tokens: 290, cached_tokens: 2176 } },
    ]);
    const run = await generate(['--json']);
    expect(run.code).toBe(0);
    expect(server.requests.every((request) => request.stream_options?.include_usage === true)).toBe(true);
    expect(JSON.parse(run.stdout).usage).toEqual({ promptTokens: 6906, completionTokens: 330, cachedTokens: 3328, estimated: false });
    expect(run.stderr).toContain('round 3 done (6906 prompt + 330 completion tokens so far, 3328 of the prompt cached)');
    expect(run.stderr).toMatch(/✓ wrote .* · 3 rounds, 2 tool calls, 6906\+330 tokens \(3328 cached\), \d+\.\d s$/m);
  });

  it('estimates the usage when the server reports none, and says so', async () => {
    await serve([{ ...ANSWER, usage: null }]);
    const run = await generate(['--json']);
    expect(run.code).toBe(0);
    const { usage } = JSON.parse(run.stdout);
    expect(usage.estimated).toBe(true);
    expect(usage.promptTokens).toBeGreaterThan(100);
    expect(usage.completionTokens).toBeGreaterThan(10);
  });
});

describe('--transcript', () => {
  const HEADER_SECRET = 'x-extra-header-secret-99';

  it('records the whole conversation, with every secret redacted', async () => {
    const { server } = await serve([
      {
        // The model echoes secrets back: they must not come out anywhere.
        content: `Looking around with ${API_KEY}.`,
        toolCalls: [read('resources/orders.resource'), { name: 'search_project_code', arguments: { search: MCP_TOKEN } }],
        usage: { prompt_tokens: 900, completion_tokens: 40 },
      },
      { toolCalls: [read('resources/orders.resource')], usage: { prompt_tokens: 1500, completion_tokens: 12, cached_tokens: 896 } },
      { ...ANSWER, usage: { prompt_tokens: 2100, completion_tokens: 250, cached_tokens: 1408 } },
    ]);
    const transcript = path.join(out, 'logs', 'transcript.json');
    const run = await generate(['--transcript', transcript, '--mcp-header', `X-Extra: ${HEADER_SECRET}`, '--json']);
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);

    const text = await readFile(transcript, 'utf8');
    for (const secret of [API_KEY, MCP_TOKEN, HEADER_SECRET]) {
      expect(text).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(run.stdout).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect((await readdir(path.dirname(transcript))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const record = JSON.parse(text);
    expect(record).toMatchObject({
      status: 'ok',
      spec: SPEC,
      output: path.join(out, SUITE_FILE),
      error: null,
      settings: {
        model: 'gpt-test',
        baseURL: server.baseURL,
        mcpUrl: mcp?.url,
        projectId: '42',
        ref: 'qa-fixtures',
        conventions: 'doc/convention.md',
        limits: { maxRounds: 18, toolConcurrency: 4, toolTimeoutMs: 60_000, maxToolChars: 20_000, repairRounds: 2 },
      },
      summary: {
        rounds: 3,
        toolCalls: 3,
        repeatsAvoided: 1,
        usage: { promptTokens: 4500, completionTokens: 302, cachedTokens: 2304, estimated: false },
      },
    });
    expect(record.settings.mcpHeaders).toEqual(['Authorization', 'X-Extra']);

    // The messages as the model got them, ending with its answer.
    expect(record.messages.map((message: { role: string }) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'tool',
      'assistant',
    ]);
    const [, user, firstReply, fileResult] = record.messages;
    expect(user.content).toContain('"ORDER-002"');
    expect(firstReply.content).toBe('Looking around with [redacted].');
    expect(firstReply.toolCalls.map((call: { name: string }) => call.name)).toEqual(['get_file_contents', 'search_project_code']);
    expect(fileResult.toolCallId).toBe(firstReply.toolCalls[0].id);
    expect(fileResult.content).toBe(toolMessages(server.requests[1])[0]);
    expect(record.messages.at(-1).content).toBe(fenced(SELF_CONTAINED_SUITE));

    // Each call with its final arguments (after injection), size, flags and duration.
    expect(record.toolCalls).toHaveLength(3);
    expect(record.toolCalls[0]).toMatchObject({
      round: 1,
      id: firstReply.toolCalls[0].id,
      name: 'get_file_contents',
      arguments: { file_path: 'resources/orders.resource', project_id: '42', ref: 'qa-fixtures' },
      chars: fileResult.content.length,
      truncatedChars: 0,
      isError: false,
      repeated: false,
    });
    expect(record.toolCalls[1]).toMatchObject({
      round: 1,
      name: 'search_project_code',
      arguments: { search: '[redacted]', project_id: '42' },
    });
    expect(record.toolCalls[2]).toMatchObject({ round: 2, name: 'get_file_contents', repeated: true });
    for (const call of record.toolCalls) expect(call.durationMs).toBeGreaterThanOrEqual(0);

    // Usage and timings per round.
    expect(record.rounds).toHaveLength(3);
    expect(record.rounds.map((round: { usage: unknown }) => round.usage)).toEqual([
      { promptTokens: 900, completionTokens: 40, cachedTokens: 0 },
      { promptTokens: 1500, completionTokens: 12, cachedTokens: 896 },
      { promptTokens: 2100, completionTokens: 250, cachedTokens: 1408 },
    ]);
    expect(record.rounds[0]).toMatchObject({ round: 1, phase: 'explore', toolCalls: 2 });
    for (const round of record.rounds) {
      expect(round.modelMs).toBeGreaterThanOrEqual(0);
      expect(round.startedAtMs).toBeGreaterThanOrEqual(0);
    }
    expect(record.durationMs).toBeGreaterThan(0);
  });

  it('is written when the run fails, with the error and the conversation so far', async () => {
    await serve([
      { toolCalls: [read('resources/orders.resource'), read('resources/common.resource')] },
      { toolCalls: [read('tests/orders/create_order.robot')] },
    ]);
    const transcript = path.join(out, 'failed.json');
    const run = await generate(['--transcript', transcript, '--max-tool-calls', '2']);
    expect(run.code).toBe(1);
    const record = JSON.parse(await readFile(transcript, 'utf8'));
    expect(record).toMatchObject({
      status: 'failed',
      output: null,
      error: 'tool call budget spent: the model asked for more than --max-tool-calls 2',
      settings: { limits: { maxToolCalls: 2 } },
    });
    // The reply that broke the budget is the last message.
    expect(record.messages.map((message: { role: string }) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
    ]);
    expect(record.messages.at(-1).toolCalls[0].name).toBe('get_file_contents');
    expect(record.toolCalls).toHaveLength(2);
    expect(record.rounds).toHaveLength(2);
  });

  it('is written when the run is interrupted', async () => {
    const { tools } = await serve([{ toolCalls: [{ name: 'get_repository_tree', arguments: { path: 'tests' } }] }], {
      hangTools: ['get_repository_tree'],
    });
    const transcript = path.join(out, 'interrupted.json');
    const run = await generate(['--transcript', transcript], {
      onSpawn: (child) => void until(() => tools.calls.length === 2, 'the hanging tool call').then(() => child.kill('SIGINT')),
    });
    expect(run.code).toBe(130);
    const record = JSON.parse(await readFile(transcript, 'utf8'));
    expect(record).toMatchObject({ status: 'failed', error: 'interrupted' });
    expect(record.messages.map((message: { role: string }) => message.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('is written when the run fails before the conversation starts', async () => {
    await serve([ANSWER]);
    const transcript = path.join(out, 'early.json');
    const run = await generate(['--transcript', transcript, '--conventions', 'doc/missing.md']);
    expect(run.code).toBe(2);
    const record = JSON.parse(await readFile(transcript, 'utf8'));
    expect(record).toMatchObject({ status: 'failed', messages: [], toolCalls: [], rounds: [] });
    expect(record.error).toContain('cannot read the conventions file doc/missing.md');
  });

  it('is never written without --transcript', async () => {
    await serve([{ toolCalls: [read('resources/orders.resource')] }, ANSWER]);
    const run = await generate();
    expect(run.code).toBe(0);
    // The suite and the manifest that records it, nothing else.
    expect((await readdir(out)).sort()).toEqual(['.writer', 'tests']);
    expect(await readdir(path.join(out, '.writer'))).toEqual(['manifest.json']);
    expect(await readdir(path.join(out, 'tests/orders'))).toEqual(['cancel_order.robot']);
  });
});
