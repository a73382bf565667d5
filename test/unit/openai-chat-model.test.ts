// The OpenAI-compatible chat model with a fetch of the test's own, in process (as
// openai-node tests its runner): streamed text and tool-call deltas, usage with cached
// tokens, the request in OpenAI's shape, and every way a reply fails: refused keys and
// tools, retries and their notices, waits too long to honour, a stream cut once or
// twice, an answer that is no stream, --timeout, and Ctrl-C in a stream or a retry wait.

import { describe, expect, it } from 'vitest';
import { InterruptedError, ServiceError } from '../../src/errors.js';
import { OpenAIChatModel, type OpenAIChatModelOptions } from '../../src/model/openai-chat-model.js';
import { ToolsRefusedError } from '../../src/model/tools-refused.js';
import type { AssistantReply, ChatRequest } from '../../src/model/types.js';
import { until } from '../helpers/until.js';

const BASE_URL = 'http://model.test/v1';
const OPTIONS: Omit<OpenAIChatModelOptions, 'fetch'> = {
  baseURL: BASE_URL,
  apiKey: 'sk-test',
  model: 'gpt-test',
  temperature: 0.2,
  maxRetries: 2,
  timeoutMs: 10_000,
  maxRetryWaitMs: 30_000,
  replyLimit: 'max_tokens',
};
const REQUEST: ChatRequest = {
  messages: [
    { role: 'system', content: 'You write suites.' },
    { role: 'user', content: 'Write it.' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'read', arguments: '{"path":"a"}' }] },
    { role: 'tool', toolCallId: 'call_1', content: 'text of a' },
  ],
  tools: [{ name: 'read', description: 'Reads a file.', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
};

type Chunk = Record<string, unknown>;

/** One chat.completion.chunk as OpenAI streams it. */
function chunk(delta: Record<string, unknown>, finishReason: string | null = null): Chunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'gpt-test',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function usageChunk(prompt: number, completion: number, cached?: number): Chunk {
  const details = cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } };
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'gpt-test',
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...details },
  };
}

interface StreamOptions {
  /** After the chunks: end with [DONE] (default), break the connection, or send nothing more until the request is aborted. */
  end?: 'done' | 'cut' | 'hang';
}

/** A 200 answer streaming `chunks` as server-sent events. */
function streamed(chunks: Chunk[], options: StreamOptions = {}): (signal: AbortSignal | undefined) => Response {
  return (signal) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of chunks) controller.enqueue(encoder.encode(`data: ${JSON.stringify(piece)}\n\n`));
        const end = options.end ?? 'done';
        if (end === 'done') {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        } else if (end === 'cut') {
          controller.error(new TypeError('terminated'));
        } else {
          signal?.addEventListener('abort', () => controller.error(new DOMException('This operation was aborted', 'AbortError')), {
            once: true,
          });
        }
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

function failed(status: number, message: string, headers: Record<string, string> = {}): () => Response {
  return () => Response.json({ error: { message, type: 'invalid_request_error', param: null, code: null } }, { status, headers });
}

type Answer = (signal: AbortSignal | undefined) => Response | Promise<Response>;

interface Endpoint {
  fetch: NonNullable<OpenAIChatModelOptions['fetch']>;
  /** Every request the SDK sent: its URL, headers and JSON body. */
  requests: Array<{ url: string; headers: Headers; body: Record<string, unknown> }>;
}

/** Answers the requests in order with `answers`; a request beyond them fails the test. */
function endpoint(answers: Answer[]): Endpoint {
  const requests: Endpoint['requests'] = [];
  return {
    requests,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push({ url: request.url, headers: request.headers, body: (await request.json()) as Record<string, unknown> });
      const answer = answers[requests.length - 1];
      if (!answer) throw new Error(`no answer scripted for request ${requests.length}`);
      return answer(init?.signal ?? undefined);
    },
  };
}

interface Heard {
  text: string[];
  toolCallStarts: string[];
  notices: string[];
  chunks: number;
}

async function reply(
  server: Endpoint,
  options: Partial<OpenAIChatModelOptions> = {},
  signal?: AbortSignal,
): Promise<{ reply: AssistantReply; heard: Heard }> {
  const heard: Heard = { text: [], toolCallStarts: [], notices: [], chunks: 0 };
  const model = new OpenAIChatModel({ ...OPTIONS, ...options, fetch: server.fetch });
  const result = await model.reply(
    REQUEST,
    {
      onText: (delta) => heard.text.push(delta),
      onToolCallStart: (name) => heard.toolCallStarts.push(name),
      onNotice: (message) => heard.notices.push(message),
      onChunk: () => (heard.chunks += 1),
    },
    signal,
  );
  return { reply: result, heard };
}

async function failure(
  server: Endpoint,
  options: Partial<OpenAIChatModelOptions> = {},
  signal?: AbortSignal,
): Promise<{ error: unknown; notices: string[] }> {
  const notices: string[] = [];
  const model = new OpenAIChatModel({ ...OPTIONS, ...options, fetch: server.fetch });
  const error = await model.reply(REQUEST, { onNotice: (message) => notices.push(message) }, signal).then(
    () => new Error('the reply succeeded'),
    (caught: unknown) => caught,
  );
  return { error, notices };
}

const TEXT_REPLY = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: '*** Test Cases ***\n' }),
  chunk({ content: 'A Test' }),
  chunk({}, 'stop'),
];
const OK = streamed([...TEXT_REPLY, usageChunk(1200, 30, 1024)]);

describe('a streamed reply', () => {
  it('streams the text to the listener and returns it with the usage, cached prompt tokens too', async () => {
    const { reply: answer, heard } = await reply(endpoint([OK]));
    expect(answer).toEqual({
      content: '*** Test Cases ***\nA Test',
      toolCalls: [],
      usage: { promptTokens: 1200, completionTokens: 30, cachedTokens: 1024 },
      finishReason: 'stop',
    });
    expect(heard.text).toEqual(['*** Test Cases ***\n', 'A Test']);
    // Only the two text pieces count: the role-only first delta, the finish and the usage hold none of the reply.
    expect(heard.chunks).toBe(2);
  });

  it('counts reasoning a server streams under a field of its own as progress, not as text', async () => {
    const { reply: answer, heard } = await reply(endpoint([streamed([chunk({ reasoning_content: 'Thinking about it.' }), ...TEXT_REPLY])]));
    expect(answer.content).toBe('*** Test Cases ***\nA Test');
    expect(heard.chunks).toBe(3);
  });

  it('reports no cached tokens when the server does not say, and no usage when it sends none', async () => {
    expect((await reply(endpoint([streamed([...TEXT_REPLY, usageChunk(10, 2)])]))).reply.usage).toEqual({
      promptTokens: 10,
      completionTokens: 2,
    });
    expect((await reply(endpoint([streamed(TEXT_REPLY)]))).reply.usage).toBeUndefined();
  });

  it('assembles tool calls from their deltas, and announces each as it starts', async () => {
    const server = endpoint([
      streamed([
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'th":"a"}' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }] }),
        chunk({}, 'tool_calls'),
      ]),
    ]);
    const { reply: answer, heard } = await reply(server);
    expect(answer.toolCalls).toEqual([
      { id: 'call_a', name: 'read', arguments: '{"path":"a"}' },
      { id: 'call_b', name: 'search', arguments: '{"q":"x"}' },
    ]);
    expect(answer.finishReason).toBe('tool_calls');
    expect(heard.toolCallStarts).toEqual(['read', 'search']);
  });

  it('passes a reply cut at the length cap on with its finish reason', async () => {
    const { reply: answer } = await reply(endpoint([streamed([chunk({ content: '*** Settings ***\nLib' }, 'length')])]));
    expect(answer).toMatchObject({ content: '*** Settings ***\nLib', finishReason: 'length' });
  });

  it("sends writer's messages and tools in OpenAI's shape, streaming with usage, the key as a bearer token", async () => {
    const server = endpoint([OK]);
    await reply(server);
    const [sent] = server.requests;
    expect(sent?.url).toBe(`${BASE_URL}/chat/completions`);
    expect(sent?.headers.get('authorization')).toBe('Bearer sk-test');
    expect(sent?.body).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You write suites.' },
        { role: 'user', content: 'Write it.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'text of a' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'read',
            description: 'Reads a file.',
            parameters: { type: 'object', properties: { path: { type: 'string' } } },
          },
        },
      ],
      temperature: 0.2,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('puts the reply cap where the endpoint takes it, and sends a placeholder key to servers that need none', async () => {
    for (const replyLimit of ['max_tokens', 'max_completion_tokens'] as const) {
      const server = endpoint([OK]);
      const model = new OpenAIChatModel({ ...OPTIONS, apiKey: undefined, replyLimit, fetch: server.fetch });
      await model.reply({ ...REQUEST, tools: [], maxReplyTokens: 800 }, {});
      expect(server.requests[0]?.body[replyLimit]).toBe(800);
      expect(server.requests[0]?.body).not.toHaveProperty('tools');
      expect(server.requests[0]?.headers.get('authorization')).toBe('Bearer no-key');
    }
  });
});

describe('a reply that fails', () => {
  it('names a refused key, and a model the endpoint does not know', async () => {
    const refused = await failure(endpoint([failed(401, 'Incorrect API key provided')]));
    expect(refused.error).toBeInstanceOf(ServiceError);
    expect((refused.error as Error).message).toBe(`model endpoint ${BASE_URL} refused the API key (401): Incorrect API key provided`);
    const unknown = await failure(endpoint([failed(404, 'The model `gpt-test` does not exist')]));
    expect((unknown.error as Error).message).toBe(`model endpoint ${BASE_URL} (model gpt-test): 404 The model \`gpt-test\` does not exist`);
  });

  it('tells a refusal of native tool calls apart, so that --tool-format auto can switch', async () => {
    const { error } = await failure(endpoint([failed(400, 'registry.ollama.ai/library/gemma:2b does not support tools')]));
    expect(error).toBeInstanceOf(ToolsRefusedError);
    expect((error as ToolsRefusedError).detail).toBe('registry.ollama.ai/library/gemma:2b does not support tools');
  });

  it('retries an error answer with the same request, telling each retry, and succeeds', async () => {
    const busy = failed(503, 'overloaded', { 'retry-after-ms': '10' });
    const server = endpoint([busy, busy, OK]);
    const { reply: answer, heard } = await reply(server);
    expect(answer.content).toBe('*** Test Cases ***\nA Test');
    expect(server.requests.map((request) => request.body)).toEqual([0, 1, 2].map(() => server.requests[0]?.body));
    expect(heard.notices).toEqual([
      `model endpoint ${BASE_URL} answered 503; retrying in 0.0 s, as asked (2 tries left)`,
      `model endpoint ${BASE_URL} answered 503; retrying in 0.0 s, as asked (1 try left)`,
    ]);
  });

  it('fails after --retries, naming the last answer', async () => {
    const busy = failed(503, 'overloaded', { 'retry-after-ms': '10' });
    const server = endpoint([busy, busy]);
    const { error, notices } = await failure(server, { maxRetries: 1 });
    expect((error as Error).message).toBe(`model endpoint ${BASE_URL} answered 503: overloaded`);
    expect(server.requests).toHaveLength(2);
    expect(notices).toHaveLength(1);
  });

  it('fails at once when the endpoint asks to wait longer than --max-retry-wait', async () => {
    const server = endpoint([failed(429, 'Rate limit reached', { 'retry-after': '120' }), OK]);
    const { error } = await failure(server);
    expect((error as Error).message).toBe(
      `model endpoint ${BASE_URL} answered 429 and asked to wait 120 s before trying again, more than --max-retry-wait 30 s; not waiting`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('says the endpoint is unreachable when no connection can be made', async () => {
    const server: Endpoint = {
      requests: [],
      fetch: () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })),
    };
    const { error } = await failure(server, { maxRetries: 0 });
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(new RegExp(`^model endpoint ${BASE_URL} unreachable: `));
  });

  it('asks once more from the same history when the stream is cut mid-reply, and fails when it is cut twice', async () => {
    const cut = streamed([chunk({ content: '*** Test' })], { end: 'cut' });
    const once = endpoint([cut, OK]);
    const { reply: answer, heard } = await reply(once);
    expect(answer.content).toBe('*** Test Cases ***\nA Test');
    expect(once.requests[1]?.body).toEqual(once.requests[0]?.body);
    expect(heard.notices).toEqual([expect.stringMatching(/^model endpoint \S+: the reply stream was cut \(.+\); asking again$/)]);

    const twice = await failure(endpoint([cut, cut, OK]));
    expect((twice.error as Error).message).toMatch(/^model endpoint \S+: the reply stream was cut twice \(.+\)$/);
  });

  it('says so when a 200 answer holds no chat completion stream', async () => {
    const login = (): Response =>
      new Response('<html><body>Sign in</body></html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const { error } = await failure(endpoint([login]));
    expect((error as Error).message).toBe(
      `model endpoint ${BASE_URL} answered without a chat completion stream; is --base-url an OpenAI-compatible /v1 endpoint?`,
    );
  });

  it('gives up on a reply that stops streaming after --timeout, keeping nothing of it', async () => {
    const { error } = await failure(endpoint([streamed([chunk({ content: 'half' })], { end: 'hang' })]), { timeoutMs: 100, maxRetries: 0 });
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toBe(`model endpoint ${BASE_URL}: no complete reply within 0.1 s (--timeout)`);
  });
});

describe('the kind of each failure, which doctor and the exit code decide by', () => {
  const kindOf = async (server: Endpoint, options: Partial<OpenAIChatModelOptions> = {}): Promise<unknown> => {
    const { error } = await failure(server, { maxRetries: 0, ...options });
    expect(error).toBeInstanceOf(ServiceError);
    const { kind, status, exitCode } = error as ServiceError;
    expect(exitCode).toBe(3);
    return status === undefined ? kind : { kind, status };
  };
  const refused: Endpoint = {
    requests: [],
    fetch: () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })),
  };
  const cut = streamed([chunk({ content: '*** Test' })], { end: 'cut' });
  const html = (): Response => new Response('<html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } });

  it('tells every way a reply fails apart by kind, not by its message', async () => {
    expect(await kindOf(refused)).toBe('unreachable');
    expect(await kindOf(endpoint([failed(401, 'Incorrect API key provided')]))).toBe('auth');
    expect(await kindOf(endpoint([failed(403, 'Forbidden')]))).toBe('auth');
    expect(await kindOf(endpoint([failed(404, 'The model `gpt-test` does not exist')]))).toEqual({ kind: 'http', status: 404 });
    expect(await kindOf(endpoint([failed(503, 'overloaded')]))).toEqual({ kind: 'http', status: 503 });
    expect(await kindOf(endpoint([failed(429, 'Rate limit reached', { 'retry-after': '120' })]), { maxRetries: 2 })).toEqual({
      kind: 'http',
      status: 429,
    });
    expect(await kindOf(endpoint([streamed([chunk({ content: 'half' })], { end: 'hang' })]), { timeoutMs: 100 })).toBe('timeout');
    expect(await kindOf(endpoint([cut, cut]))).toBe('stream-cut');
    expect(await kindOf(endpoint([failed(400, 'registry.ollama.ai/library/gemma:2b does not support tools')]))).toBe('tools-refused');
    expect(await kindOf(endpoint([html]))).toBe('protocol');
  });

  it('tells a retry as the client decides it, from what its fetch saw: no log text is read', async () => {
    const server: Endpoint = {
      requests: [],
      fetch: async (input, init) => {
        server.requests.push({ url: String(input), headers: new Headers(init?.headers), body: {} });
        if (server.requests.length === 1) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
        if (server.requests.length === 2) return failed(500, 'boom')();
        return OK(undefined);
      },
    };
    const { reply: answer, heard } = await reply(server, { maxRetries: 3 });
    expect(answer.content).toBe('*** Test Cases ***\nA Test');
    expect(server.requests.map((request) => request.headers.get('x-stainless-retry-count'))).toEqual(['0', '1', '2']);
    expect(heard.notices).toEqual([
      `model endpoint ${BASE_URL} could not be reached; retrying (3 tries left)`,
      `model endpoint ${BASE_URL} answered 500; retrying (2 tries left)`,
    ]);
    // An answer the client does not retry (400) is not announced.
    const { notices } = await failure(endpoint([failed(400, 'bad request')]), { maxRetries: 3 });
    expect(notices).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  it('in the middle of a stream: InterruptedError, not a reply', async () => {
    const controller = new AbortController();
    const server = endpoint([streamed([chunk({ content: 'half' })], { end: 'hang' })]);
    const running = failure(server, {}, controller.signal);
    await until(() => server.requests.length === 1, 'the request');
    controller.abort();
    expect((await running).error).toBeInstanceOf(InterruptedError);
  });

  it('while waiting out a Retry-After: at once, without the retry', async () => {
    const controller = new AbortController();
    const server = endpoint([failed(429, 'Rate limit reached', { 'retry-after': '50' }), OK]);
    const running = failure(server, { maxRetryWaitMs: 60_000 }, controller.signal);
    await until(() => server.requests.length === 1, 'the first answer');
    controller.abort();
    const { error, notices } = await running;
    expect(error).toBeInstanceOf(InterruptedError);
    expect(notices).toEqual([`model endpoint ${BASE_URL} answered 429; retrying in 50 s, as asked (2 tries left)`]);
    expect(server.requests).toHaveLength(1);
  });
});
