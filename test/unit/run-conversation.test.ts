// The loop in process with a scripted model and a tool host of its own: progress while a
// reply streams (fake timers), the reply cap on every request, a reply cut by it, and the
// token budget of a batch.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '../../src/cli/render.js';
import { ReplyCutError } from '../../src/errors.js';
import { emptyStats, type LoopEvent } from '../../src/loop/events.js';
import { runConversation, type ConversationInput } from '../../src/loop/run-conversation.js';
import { TokenBudget } from '../../src/loop/token-budget.js';
import type { ToolHost } from '../../src/mcp/tool-host.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener } from '../../src/model/types.js';

const LIMITS = { maxRounds: 5, maxReplyTokens: 321, toolConcurrency: 2, toolTimeoutMs: 1000, maxToolChars: 1000, repairRounds: 0, shapeResults: true };
const SUITE_REPLY: AssistantReply = { content: 'the suite', toolCalls: [], usage: { promptTokens: 100, completionTokens: 10, cachedTokens: 60 }, finishReason: 'stop' };
const READ_REPLY: AssistantReply = {
  content: '',
  toolCalls: [{ id: 'c1', name: 'read', arguments: '{"path":"a"}' }],
  usage: { promptTokens: 80, completionTokens: 5 },
  finishReason: 'tool_calls',
};

const tools: ToolHost = {
  definitions: [{ name: 'read', description: 'Reads.', parameters: { type: 'object', properties: {} } }],
  prepare: (call) => ({ name: call.name, arguments: JSON.parse(call.arguments) as Record<string, unknown> }),
  execute: async (prepared) => ({ result: { content: [{ type: 'text', text: 'text' }], isError: false }, sent: prepared }),
};

/** A model that plays `replies` in order; `stream` may call the listener before the reply settles. */
function scripted(replies: AssistantReply[], stream?: (listener: StreamListener) => Promise<void>): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: 'scripted',
    requests,
    async reply(request, listener) {
      requests.push(structuredClone(request));
      await stream?.(listener);
      const next = replies.shift();
      if (!next) throw new Error('script exhausted');
      return next;
    },
  };
}

function input(model: ChatModel, events: LoopEvent[], extra: Partial<ConversationInput> = {}): ConversationInput {
  return {
    model,
    tools,
    messages: [{ role: 'user', content: 'write it' }],
    limits: LIMITS,
    checkAnswer: async (reply) => ({ ok: true, suite: reply }),
    stats: emptyStats(),
    emit: (event) => events.push(event),
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('runConversation', () => {
  it('sends the reply cap with every request and counts cached prompt tokens', async () => {
    const model = scripted([READ_REPLY, SUITE_REPLY]);
    const events: LoopEvent[] = [];
    const run = input(model, events);
    await expect(runConversation(run)).resolves.toMatchObject({ suite: 'the suite' });
    expect(model.requests.map((request) => request.maxReplyTokens)).toEqual([321, 321]);
    expect(run.stats).toMatchObject({ promptTokens: 180, completionTokens: 15, cachedTokens: 60 });
    expect(events.filter((event) => event.type === 'round-end').map((event) => (event as { cachedTokens: number }).cachedTokens)).toEqual([0, 60]);
  });

  it('reports a reply cut by the length cap as such, never as an answer', async () => {
    const events: LoopEvent[] = [];
    const checked: string[] = [];
    const cut: AssistantReply = { content: '*** Settings ***\nLibrary    Coll', toolCalls: [], finishReason: 'length' };
    const run = input(scripted([cut]), events, { checkAnswer: async (reply) => (checked.push(reply), { ok: true, suite: reply }) });
    const failure = await runConversation(run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReplyCutError);
    expect((failure as Error).message).toBe("the model's reply was cut off at its length limit (finish_reason: length; --max-reply-tokens 321, or a full context)");
    expect(checked).toEqual([]);
  });

  it('reports progress every interval while a reply streams, with the pieces received so far', async () => {
    vi.useFakeTimers();
    const events: LoopEvent[] = [];
    let release!: () => void;
    const model = scripted([SUITE_REPLY], async (listener) => {
      for (let i = 0; i < 5; i++) listener.onChunk?.();
      await new Promise<void>((resolve) => (release = resolve));
    });
    const running = runConversation(input(model, events, { progressIntervalMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(events.some((event) => event.type === 'round-progress')).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events.filter((event) => event.type === 'round-progress')).toEqual([
      { type: 'round-progress', round: 1, tokens: 5, seconds: 30 },
      { type: 'round-progress', round: 1, tokens: 5, seconds: 60 },
    ]);
    release();
    await running;
    await vi.advanceTimersByTimeAsync(60_000);
    // Once the reply is in, the round says nothing more.
    expect(events.filter((event) => event.type === 'round-progress')).toHaveLength(2);
  });

  it('stops before a request once the batch budget is spent by any generation', async () => {
    const budget = new TokenBudget(150);
    budget.add(100);
    const events: LoopEvent[] = [];
    const run = input(scripted([READ_REPLY, SUITE_REPLY]), events, { batchBudget: budget });
    await expect(runConversation(run)).rejects.toThrow('batch token budget spent: 185 tokens used by the batch, --max-batch-tokens is 150');
    expect(budget.used).toBe(185);
  });
});

describe('progress in a CI log', () => {
  it('prints a plain line every interval while a round streams, with the tokens received and the seconds', async () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const renderer = createRenderer({ secrets: [], stream, env: {} });
    let release!: () => void;
    const model = scripted([SUITE_REPLY], async (listener) => {
      for (let i = 0; i < 42; i++) listener.onChunk?.();
      await new Promise<void>((resolve) => (release = resolve));
    });
    const running = runConversation({ ...input(model, []), emit: renderer.emit, progressIntervalMs: 30_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    release();
    await running;
    expect(written.filter((text) => text.includes('still streaming'))).toEqual([
      'round 1: still streaming, 42 tokens received so far, 30 s\n',
      'round 1: still streaming, 42 tokens received so far, 60 s\n',
    ]);
  });
});
