// Checks the scripted OpenAI server against the real `openai` SDK, so a client that works
// against the fixture in e2e tests can be trusted to work against the real API.

import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fixtures/openai-server.js';

type Messages = OpenAI.Chat.Completions.ChatCompletionMessageParam[];
type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

const USER: Messages = [
  { role: 'system', content: 'You write Robot Framework suites.' },
  { role: 'user', content: 'Write a login test.' },
];

let server: FakeOpenAI | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  server = await startFakeOpenAI(options);
  return server;
}

function client(fake: FakeOpenAI, overrides: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0, ...overrides });
}

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function streamChat(
  openai: OpenAI,
  body: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming> = {},
): Promise<Chunk[]> {
  const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: USER, stream: true, ...body });
  return collect(stream);
}

const searchTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'search_code',
    description: 'Search the repository.',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
};

describe('fake OpenAI server', () => {
  it('streams text in several chunks that reassemble exactly', async () => {
    const text = '*** Test Cases ***\nLogin Works\n    Open Browser    ${URL}    chrome\n    Ünïcödé 🤖 ok\n';
    const fake = await start({ turns: [{ content: text }] });
    const chunks = await streamChat(client(fake));

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(5);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(text);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-test')).toBe(true);
    expect(fake.requests[0]?.messages).toEqual(USER);
    expect(fake.requestBytes[0]).toBeGreaterThan(0);
    expect(fake.headers[0]?.authorization).toBe('Bearer sk-test');
    expect(fake.failures).toEqual([]);
  });

  it('streams two parallel tool calls whose arguments reassemble exactly', async () => {
    const first = { query: 'Login Keyword', limit: 5, nested: { tags: ['smoke', 'ui'] } };
    const second = '{"path": "resources/login.resource", "broken": tru';
    const fake = await start({
      turns: [
        {
          chunkSize: 3,
          toolCalls: [
            { id: 'call_one', name: 'search_code', arguments: first },
            { id: 'call_two', name: 'read_file', arguments: second },
          ],
        },
      ],
    });
    const chunks = await streamChat(client(fake), { tools: [searchTool] });

    const calls = new Map<number, { id?: string; name?: string; arguments: string; pieces: number }>();
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { arguments: '', pieces: 0 };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        if (delta.function?.arguments) {
          call.arguments += delta.function.arguments;
          call.pieces += 1;
        }
        calls.set(delta.index, call);
      }
    }
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(calls.get(0)).toMatchObject({ id: 'call_one', name: 'search_code', arguments: JSON.stringify(first) });
    expect(calls.get(1)).toMatchObject({ id: 'call_two', name: 'read_file', arguments: second });
    expect(calls.get(0)?.pieces).toBeGreaterThan(10);
    expect(calls.get(1)?.pieces).toBeGreaterThan(10);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(fake.failures).toEqual([]);
  });

  it('sends usage only when the request asks for it', async () => {
    const fake = await start({
      turns: [
        { content: 'one' },
        { content: 'two', usage: { prompt_tokens: 11, completion_tokens: 3 } },
        { content: 'three' },
        { content: 'four', usage: null },
      ],
    });
    const openai = client(fake);

    const without = await streamChat(openai);
    expect(without.some((c) => c.usage)).toBe(false);

    const explicit = await streamChat(openai, { stream_options: { include_usage: true } });
    const last = explicit.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    expect(explicit.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const computed = await streamChat(openai, { stream_options: { include_usage: true } });
    expect(computed.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);

    const never = await streamChat(openai, { stream_options: { include_usage: true } });
    expect(never.some((c) => c.usage)).toBe(false);
    expect(fake.failures).toEqual([]);
  });

  it('reports cached prompt tokens as scripted, or as a prefix cache would serve them', async () => {
    const fake = await start({
      turns: [
        { content: 'one', usage: { prompt_tokens: 50, completion_tokens: 2, cached_tokens: 32 } },
        { content: 'two' },
        { content: 'three' },
      ],
      prefixCache: true,
    });
    const openai = client(fake);
    const usage = async (messages: Messages) =>
      (await streamChat(openai, { messages, stream_options: { include_usage: true } })).at(-1)?.usage?.prompt_tokens_details?.cached_tokens;
    expect(await usage(USER)).toBe(32);
    // Nothing before was asked with a longer history: the prefix the two share is the whole of the first request's prompt.
    const longer: Messages = [...USER, { role: 'assistant', content: 'Which page?' }, { role: 'user', content: 'The login page.' }];
    expect(await usage(longer)).toBe(Math.floor((fake.promptChars[0] ?? 0) / 4));
    const other: Messages = [{ role: 'system', content: 'Something else entirely.' }];
    expect(await usage(other)).toBeLessThan(10);
    expect(fake.sharedPrefixChars[1]).toBe(fake.promptChars[0]);
    expect(fake.failures).toEqual([]);
  });

  it('answers 429 then succeeds, and the SDK retries on retry-after: 0', async () => {
    const fake = await start({ turns: [{ status: 429, headers: { 'retry-after': '0' } }, { content: 'after the limit' }] });
    const chunks = await streamChat(client(fake, { maxRetries: 2 }));

    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('after the limit');
    expect(fake.requests).toHaveLength(2);
    expect(fake.failures).toEqual([]);
  });

  it('reports a 429 as a RateLimitError with OpenAI error shape when not retrying', async () => {
    const fake = await start({ turns: [{ status: 429 }] });
    const error = await streamChat(client(fake)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });

  it('cuts a stream mid-reply so that iteration throws', async () => {
    const fake = await start({ turns: [{ content: 'a long reply that never finishes', chunkSize: 2, cutAfterChunks: 3 }] });
    const stream = await client(fake).chat.completions.create({ model: 'gpt-test', messages: USER, stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(seen.length).toBeLessThanOrEqual(3);
  });

  it('refuses a tool message without a preceding tool_calls message, records it and keeps the turn', async () => {
    const fake = await start({ turns: [{ content: 'still here' }] });
    const openai = client(fake);
    const error = await streamChat(openai, {
      messages: [...USER, { role: 'tool', tool_call_id: 'call_x', content: 'result' }],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
    expect(fake.failures).toHaveLength(1);
    expect(fake.failures[0]).toContain("role 'tool'");

    const chunks = await streamChat(openai);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('still here');
  });

  it('refuses an assistant tool_calls message not followed by its tool messages', async () => {
    const fake = await start({ turns: [] });
    const error = await streamChat(client(fake), {
      messages: [
        ...USER,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'search_code', arguments: '{}' } },
            { id: 'call_b', type: 'function', function: { name: 'search_code', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: 'found' },
        { role: 'user', content: 'go on' },
      ],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'",
    );
    expect((error as Error).message).toContain('call_b');
    expect(fake.failures).toHaveLength(1);
  });

  it('accepts a well-formed tool round', async () => {
    const fake = await start({ turns: [{ content: 'done' }] });
    await streamChat(client(fake), {
      tools: [searchTool],
      tool_choice: 'auto',
      messages: [
        ...USER,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'search_code', arguments: '{"query":"x"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_a', content: [{ type: 'text', text: 'found' }] },
      ],
    });
    expect(fake.failures).toEqual([]);
  });

  it('refuses an array schema without items, and an unresolvable $ref', async () => {
    const fake = await start({ turns: [{ content: 'ok' }] });
    const openai = client(fake);
    const noItems = await streamChat(openai, {
      tools: [{ type: 'function', function: { name: 'tag', parameters: { type: 'object', properties: { tags: { type: 'array' } } } } }],
    }).catch((e: unknown) => e);
    expect(noItems).toBeInstanceOf(OpenAI.BadRequestError);
    expect((noItems as Error).message).toContain("Invalid schema for function 'tag'");
    expect((noItems as Error).message).toContain('array schema missing items');

    const badRef = await streamChat(openai, {
      tools: [
        {
          type: 'function',
          function: { name: 'ref', parameters: { type: 'object', properties: { a: { anyOf: [{ $ref: '#/$defs/missing' }] } } } },
        },
      ],
    }).catch((e: unknown) => e);
    expect(badRef).toBeInstanceOf(OpenAI.BadRequestError);
    expect((badRef as Error).message).toContain("Invalid schema for function 'ref'");
    expect(fake.failures).toHaveLength(2);

    await streamChat(openai, {
      tools: [
        {
          type: 'function',
          function: {
            name: 'ref',
            parameters: {
              type: 'object',
              $defs: { Tag: { type: 'string' } },
              properties: { tags: { type: 'array', items: { $ref: '#/$defs/Tag' } } },
            },
          },
        },
      ],
    });
    expect(fake.failures).toHaveLength(2);
  });

  it('refuses duplicate and badly named tools', async () => {
    const fake = await start({ turns: [] });
    const openai = client(fake);
    await expect(streamChat(openai, { tools: [searchTool, searchTool] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(streamChat(openai, { tools: [{ type: 'function', function: { name: 'has space' } }] })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    expect(fake.failures).toHaveLength(2);
  });

  it('records expect failures and answers 500', async () => {
    const fake = await start({
      turns: [
        {
          content: 'never sent',
          expect: (request) => {
            if (!request.tools?.length) throw new Error('expected the MCP tools to be offered');
          },
        },
      ],
    });
    const error = await streamChat(client(fake)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(fake.failures).toEqual([expect.stringContaining('expected the MCP tools to be offered')]);
  });

  it('passes the request and turn index to function turns, and reports an exhausted script', async () => {
    const fake = await start({ turns: [(request, index) => ({ content: `${request.model}#${index}` })] });
    const openai = client(fake);
    const chunks = await streamChat(openai);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('gpt-test#0');

    await expect(streamChat(openai)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect(fake.failures).toEqual([expect.stringContaining('script exhausted')]);
  });

  it('answers 404 for an unknown model', async () => {
    const fake = await start({ turns: [{ content: 'unused' }], models: ['gpt-test'] });
    const error = await streamChat(client(fake), { model: 'gpt-nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('The model `gpt-nope` does not exist');
  });

  it('checks the API key', async () => {
    const fake = await start({ turns: [{ content: 'welcome' }], apiKey: 'sk-right' });
    const wrong = await streamChat(client(fake, { apiKey: 'sk-wrong-key' })).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client(fake, { apiKey: 'sk-wrong-key' }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const chunks = await streamChat(client(fake, { apiKey: 'sk-right' }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('welcome');
  });

  it('lists models', async () => {
    const fake = await start({ turns: [], models: ['gpt-test', 'gpt-mini'] });
    const ids: string[] = [];
    for await (const model of client(fake).models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-test', 'gpt-mini']);
  });

  it('never answers a hang, so the client times out', async () => {
    const fake = await start({ turns: [{ hang: true }] });
    const error = await streamChat(client(fake, { timeout: 200 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('waits latencyMs before the first byte', async () => {
    const fake = await start({ turns: [{ content: 'slow', latencyMs: 150 }] });
    const started = Date.now();
    await streamChat(client(fake));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('requires streaming when validating, and answers plainly when not', async () => {
    const strict = await start({ turns: [{ content: 'x' }] });
    await expect(client(strict).chat.completions.create({ model: 'gpt-test', messages: USER })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    expect(strict.failures).toHaveLength(1);
    await strict.close();

    const lax = await start({ turns: [{ toolCalls: [{ name: 'search_code', arguments: { query: 'q' } }] }], validate: false });
    const completion = await client(lax).chat.completions.create({ model: 'gpt-test', messages: USER });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.arguments : undefined).toBe('{"query":"q"}');
  });
});
