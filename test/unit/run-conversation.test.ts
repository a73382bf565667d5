// The tool loop in process: a scripted model and a tool host of the test's own. Rounds,
// budgets (rounds, tool calls, tokens, a batch's tokens), repairs, repeats, bad calls,
// results in call order, the concurrency bound, a failing call among siblings, Ctrl-C
// while a reply streams, a tool runs or the checks run, replies cut at the length cap,
// and progress while a reply streams (fake timers).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { untilAborted } from '../../src/abort.js';
import { createRenderer } from '../../src/cli/render.js';
import { GenerationError, InterruptedError, ReplyCutError } from '../../src/errors.js';
import { emptyStats, type LoopEvent } from '../../src/loop/events.js';
import { RememberingToolHost } from '../../src/loop/remembering-tool-host.js';
import { runConversation, type AnswerVerdict, type ConversationInput, type ConversationLimits } from '../../src/loop/run-conversation.js';
import { TokenBudget } from '../../src/loop/token-budget.js';
import type { ChatMessage } from '../../src/model/types.js';
import { deferred, MemoryToolHost } from '../helpers/memory-tool-host.js';
import { ScriptedModel, type ScriptedTurn } from '../helpers/scripted-model.js';
import { until } from '../helpers/until.js';
import { Redactor } from '../../src/output/redact.js';
import { TextToolModel } from '../../src/model/text-tool-model.js';

const LIMITS: ConversationLimits = {
  maxRounds: 6,
  maxReplyTokens: 321,
  toolConcurrency: 4,
  toolTimeoutMs: 1000,
  maxToolChars: 10_000,
  repairRounds: 2,
};
const SUITE = '*** Test Cases ***\nA Test\n    Log    done\n';
const ANSWER: ScriptedTurn = { content: SUITE, usage: { promptTokens: 100, completionTokens: 10, cachedTokens: 60 } };
const REPEAT_NOTE = '(You already made this call with the same arguments; here is the same result again.)\n';

const read = (path: string): { name: string; arguments: Record<string, unknown> } => ({ name: 'read', arguments: { path } });
const reads = (...paths: string[]): ScriptedTurn => ({ toolCalls: paths.map(read), usage: { promptTokens: 80, completionTokens: 5 } });

/** A host whose one tool, `read`, answers with the path it was given. */
function readingHost(): MemoryToolHost {
  return new MemoryToolHost({ read: (args) => `text of ${String(args.path)}` });
}

interface Run {
  model: ScriptedModel;
  events: LoopEvent[];
  input: ConversationInput;
}

function conversation(turns: ScriptedTurn[], extra: Partial<ConversationInput> = {}): Run {
  const model = new ScriptedModel(turns);
  const events: LoopEvent[] = [];
  const input: ConversationInput = {
    model,
    tools: readingHost(),
    messages: [{ role: 'user', content: 'write it' }],
    limits: LIMITS,
    checkAnswer: async (reply) => ({ ok: true, suite: reply }),
    stats: emptyStats(),
    emit: (event) => events.push(event),
    ...extra,
  };
  return { model, events, input };
}

function limits(extra: Partial<ConversationLimits>): ConversationLimits {
  return { ...LIMITS, ...extra };
}

/** The tool messages of a request, in the order the request holds them. */
function toolMessages(messages: readonly ChatMessage[]): Array<{ id: string; content: string }> {
  return messages.flatMap((message) => (message.role === 'tool' ? [{ id: message.toolCallId, content: message.content }] : []));
}

function ofType<T extends LoopEvent['type']>(events: readonly LoopEvent[], type: T): Array<Extract<LoopEvent, { type: T }>> {
  return events.filter((event): event is Extract<LoopEvent, { type: T }> => event.type === type);
}

/** Whether a promise has settled, observed without awaiting it. */
function watch(promise: Promise<unknown>): { settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled };
}

const failing = (feedback: string, line = 3): AnswerVerdict => ({
  ok: false,
  feedback,
  problems: [{ line, message: `problem at line ${line}` }],
  reason: 'the suite still has 1 problem',
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the conversation', () => {
  it('runs the calls of a reply, sends their results with the history, and returns the suite the checks accept', async () => {
    const { model, events, input } = conversation([
      reads('a.resource'),
      {
        ...ANSWER,
        expect: (request) => {
          expect(request.tools.map((tool) => tool.name)).toEqual(['read']);
          expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
          expect(toolMessages(request.messages)).toEqual([{ id: 'call_1_1', content: 'text of a.resource' }]);
        },
      },
    ]);
    await expect(runConversation(input)).resolves.toMatchObject({ suite: SUITE });
    expect(model.remaining).toBe(0);
    expect(input.stats).toMatchObject({
      rounds: 2,
      toolCalls: 1,
      promptTokens: 180,
      completionTokens: 15,
      cachedTokens: 60,
      estimatedTokens: false,
    });
    // A transcript is built from the message events: the whole conversation, in order.
    expect(ofType(events, 'message').map((event) => event.message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(ofType(events, 'round-end').map((event) => event.cachedTokens)).toEqual([0, 60]);
  });

  it('sends the reply cap with every request', async () => {
    const { model, input } = conversation([reads('a'), ANSWER]);
    await runConversation(input);
    expect(model.requests.map((request) => request.maxReplyTokens)).toEqual([321, 321]);
  });

  it('estimates the tokens when the server reports no usage, and says so in the figures', async () => {
    const { input } = conversation([{ content: SUITE }]);
    await runConversation(input);
    expect(input.stats.estimatedTokens).toBe(true);
    expect(input.stats.promptTokens).toBeGreaterThan(0);
    expect(input.stats.completionTokens).toBe(Math.ceil(SUITE.length / 4));
  });
});

describe('rounds', () => {
  it('stops at --max-rounds when the model never stops calling tools', async () => {
    const { model, input } = conversation([reads('a'), reads('b'), reads('c'), ANSWER], { limits: limits({ maxRounds: 3 }) });
    const failure = await runConversation(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenerationError);
    expect((failure as Error).message).toBe('no suite after 3 rounds (--max-rounds)');
    expect(model.requests).toHaveLength(3);
    expect(input.stats.rounds).toBe(3);
  });

  it('names the problems still left when the rounds run out in a repair', async () => {
    const verdicts = [failing('fix line 3', 3), failing('fix line 4', 4)];
    const { input } = conversation([{ content: 'draft 1' }, { content: 'draft 2' }], {
      limits: limits({ maxRounds: 2, repairRounds: 5 }),
      checkAnswer: async () => verdicts.shift() as AnswerVerdict,
    });
    const failure = await runConversation(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenerationError);
    expect((failure as GenerationError).message).toBe('the suite still has 1 problem; no rounds left (--max-rounds 2)');
    expect((failure as GenerationError).problems).toEqual([{ line: 4, message: 'problem at line 4' }]);
  });
});

describe('repairs', () => {
  it("sends the checks' feedback after the answer and asks again, in a round of the repair phase", async () => {
    const checked: string[] = [];
    const { events, input } = conversation(
      [
        { content: 'draft' },
        {
          ...ANSWER,
          expect: (request) => {
            expect(request.messages.slice(-2)).toEqual([
              { role: 'assistant', content: 'draft' },
              { role: 'user', content: 'Line 3 calls an unknown keyword.' },
            ]);
          },
        },
      ],
      {
        checkAnswer: async (reply) => (
          checked.push(reply),
          reply === 'draft' ? failing('Line 3 calls an unknown keyword.') : { ok: true, suite: reply }
        ),
      },
    );
    await expect(runConversation(input)).resolves.toMatchObject({ suite: SUITE });
    expect(checked).toEqual(['draft', SUITE]);
    expect(ofType(events, 'repair')).toEqual([{ type: 'repair', attempt: 1, problems: [{ line: 3, message: 'problem at line 3' }] }]);
    expect(ofType(events, 'round-start').map((event) => event.phase)).toEqual(['explore', 'repair']);
  });

  it('fails with the problems of the last answer once --repair-rounds are spent', async () => {
    const { model, input } = conversation([{ content: 'draft 1' }, { content: 'draft 2' }, ANSWER], {
      limits: limits({ repairRounds: 1 }),
      checkAnswer: async () => failing('still wrong', 7),
    });
    const failure = await runConversation(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenerationError);
    expect((failure as GenerationError).message).toBe('the suite still has 1 problem');
    expect((failure as GenerationError).problems).toEqual([{ line: 7, message: 'problem at line 7' }]);
    expect(model.requests).toHaveLength(2);
  });
});

describe('budgets', () => {
  it('stops before running calls beyond --max-tool-calls, and still reports the reply that asked for them', async () => {
    const tools = readingHost();
    const { events, input } = conversation([reads('a', 'b'), reads('c'), ANSWER], { tools, limits: limits({ maxToolCalls: 2 }) });
    await expect(runConversation(input)).rejects.toThrow('tool call budget spent: the model asked for more than --max-tool-calls 2');
    expect(tools.calls.map((call) => call.arguments.path)).toEqual(['a', 'b']);
    expect(input.stats).toMatchObject({ toolCalls: 2, rounds: 2 });
    const last = ofType(events, 'message').at(-1)?.message;
    expect(last).toMatchObject({ role: 'assistant', toolCalls: [{ name: 'read', arguments: '{"path":"c"}' }] });
  });

  it('stops before a request, and runs no calls, once --max-tokens is spent', async () => {
    const tools = readingHost();
    const { model, input } = conversation(
      [reads('a'), { toolCalls: [read('b')], usage: { promptTokens: 200, completionTokens: 20 } }, ANSWER],
      {
        tools,
        limits: limits({ maxTokens: 150 }),
      },
    );
    await expect(runConversation(input)).rejects.toThrow('token budget spent: 305 tokens used, --max-tokens is 150');
    expect(model.requests).toHaveLength(2);
    expect(tools.calls.map((call) => call.arguments.path)).toEqual(['a']);
  });

  it('keeps a finished suite whose reply goes over --max-tokens: the budget stops further requests only', async () => {
    const { input } = conversation([{ content: SUITE, usage: { promptTokens: 900, completionTokens: 300 } }], {
      limits: limits({ maxTokens: 50 }),
    });
    await expect(runConversation(input)).resolves.toMatchObject({ suite: SUITE });
  });

  it('stops before a request once the batch budget is spent by any generation', async () => {
    const budget = new TokenBudget(150);
    budget.add(100);
    const { model, input } = conversation([reads('a'), ANSWER], { batchBudget: budget });
    await expect(runConversation(input)).rejects.toThrow(
      'batch token budget spent: 185 tokens used by the batch, --max-batch-tokens is 150',
    );
    expect(budget.used).toBe(185);
    expect(model.requests).toHaveLength(1);
  });
});

describe('tool calls', () => {
  it('answers an unknown tool and arguments that are not JSON with errors the model can act on, and runs nothing', async () => {
    const tools = readingHost();
    const { events, input } = conversation(
      [
        {
          toolCalls: [
            { name: 'write', arguments: '{}' },
            { name: 'read', arguments: '{"path": "a"' },
          ],
        },
        {
          ...ANSWER,
          expect: (request) => {
            expect(toolMessages(request.messages).map((message) => message.content)).toEqual([
              "ERROR: no tool named 'write'",
              "ERROR: the arguments of 'read' are not a JSON object",
            ]);
          },
        },
      ],
      { tools },
    );
    await runConversation(input);
    expect(tools.calls).toEqual([]);
    expect(ofType(events, 'tool-call').map((event) => event.arguments)).toEqual(['{}', '{"path": "a"']);
    expect(ofType(events, 'tool-result').map((event) => event.isError)).toEqual([true, true]);
  });

  it('returns the results in the order of the calls, whatever order they finish in', async () => {
    const gates = new Map(['a', 'b', 'c'].map((path) => [path, deferred<string>()]));
    const tools = new MemoryToolHost({ read: (args) => (gates.get(String(args.path)) as { promise: Promise<string> }).promise });
    const { events, input } = conversation(
      [
        {
          toolCalls: [
            { id: 'first', ...read('a') },
            { id: 'second', ...read('b') },
            { id: 'third', ...read('c') },
          ],
        },
        {
          ...ANSWER,
          expect: (request) => {
            expect(toolMessages(request.messages)).toEqual([
              { id: 'first', content: 'result a' },
              { id: 'second', content: 'result b' },
              { id: 'third', content: 'result c' },
            ]);
          },
        },
      ],
      { tools },
    );
    const running = runConversation(input);
    await until(() => tools.calls.length === 3, 'all three calls running');
    for (const path of ['c', 'b', 'a']) {
      gates.get(path)?.resolve(`result ${path}`);
      await until(
        () => ofType(events, 'tool-result').some((event) => event.id === { a: 'first', b: 'second', c: 'third' }[path]),
        `the result of ${path}`,
      );
    }
    await running;
    // Each result is reported when it arrives; the model gets them in call order.
    expect(ofType(events, 'tool-result').map((event) => event.id)).toEqual(['third', 'second', 'first']);
  });

  it('runs at most --tool-concurrency calls at once, and all of them', async () => {
    for (const concurrency of [1, 2]) {
      const tools = new MemoryToolHost({
        read: async (args) => (await new Promise((resolve) => setImmediate(resolve)), `text of ${String(args.path)}`),
      });
      const { input } = conversation([reads('a', 'b', 'c', 'd', 'e'), ANSWER], { tools, limits: limits({ toolConcurrency: concurrency }) });
      await runConversation(input);
      expect(tools.calls.map((call) => call.arguments.path)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(tools.maxRunning).toBe(concurrency);
    }
  });

  it('waits for the sibling calls to settle before it reports a call that failed, and starts no more', async () => {
    const slow = deferred<string>();
    const tools = new MemoryToolHost({
      read: (args) =>
        args.path === 'broken' ? Promise.reject(new Error('the tool host broke')) : args.path === 'slow' ? slow.promise : 'text',
    });
    const { model, input } = conversation([reads('broken', 'slow', 'never', 'never either'), ANSWER], {
      tools,
      limits: limits({ toolConcurrency: 2 }),
    });
    const running = runConversation(input);
    const state = watch(running);
    await until(() => tools.calls.length === 2, 'the first two calls running');
    // The failure is known, but the slow sibling still runs: the run waits for it.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(state.settled()).toBe(false);
    slow.resolve('late text');
    await expect(running).rejects.toThrow('the tool host broke');
    expect(tools.calls.map((call) => call.arguments.path)).toEqual(['broken', 'slow']);
    expect(model.requests).toHaveLength(1);
  });

  it('answers a call the model already made from memory, saying so, and sends it to the server once', async () => {
    const inner = readingHost();
    const { events, input } = conversation(
      [
        { toolCalls: [{ name: 'read', arguments: { path: 'a', depth: 1 } }] },
        // The same call with its keys in another order, and twice in one reply.
        { toolCalls: [{ name: 'read', arguments: { depth: 1, path: 'a' } }, read('b'), read('b')] },
        {
          ...ANSWER,
          expect: (request) => {
            expect(toolMessages(request.messages).map((message) => message.content)).toEqual([
              'text of a',
              `${REPEAT_NOTE}text of a`,
              'text of b',
              `${REPEAT_NOTE}text of b`,
            ]);
          },
        },
      ],
      { tools: new RememberingToolHost(inner) },
    );
    await runConversation(input);
    expect(inner.calls.map((call) => call.arguments.path)).toEqual(['a', 'b']);
    expect(input.stats).toMatchObject({ toolCalls: 4, repeatsAvoided: 2 });
    expect(ofType(events, 'tool-call').map((event) => event.repeated)).toEqual([false, true, false, true]);
  });

  it('sends a call that failed to the server again when the model repeats it', async () => {
    let attempts = 0;
    const inner = new MemoryToolHost({
      read: () => (++attempts === 1 ? { content: [{ type: 'text', text: 'timed out' }], isError: true } : 'text of a'),
    });
    const { input } = conversation([reads('a'), reads('a'), ANSWER], { tools: new RememberingToolHost(inner) });
    await runConversation(input);
    expect(inner.calls).toHaveLength(2);
    expect(input.stats.repeatsAvoided).toBe(0);
  });

  it('cuts a long result to --max-tool-chars with a marker, and counts the cut characters once', async () => {
    const long = `HEAD ${'x'.repeat(1000)} TAIL`;
    const tools = new RememberingToolHost(new MemoryToolHost({ read: () => long }));
    const { model, events, input } = conversation([reads('big'), reads('big'), ANSWER], { tools, limits: limits({ maxToolChars: 200 }) });
    await runConversation(input);
    const [result] = toolMessages(model.requests[1]?.messages ?? []);
    expect(result?.content).toMatch(/^HEAD x+\n\n\[\.\.\. 810 of 1010 characters cut here\. .*\]\n\nx+ TAIL$/s);
    expect(ofType(events, 'tool-result').map((event) => event.truncatedChars)).toEqual([810, 810]);
    expect(input.stats.truncatedChars).toBe(810);
  });

  it('unwraps a JSON-wrapped file for the model, unless shaping is switched off (the bench measures the difference)', async () => {
    const file = JSON.stringify({ file_path: 'doc/a.md', ref: 'main', content: 'line one\nline two' }, null, 2);
    const resultFor = async (shapeResults: boolean | undefined): Promise<string | undefined> => {
      const tools = new MemoryToolHost({ read: () => file });
      const { model, input } = conversation([reads('doc/a.md'), ANSWER], { tools, shapeResults });
      await runConversation(input);
      return toolMessages(model.requests[1]?.messages ?? [])[0]?.content;
    };
    expect(await resultFor(undefined)).toBe('File doc/a.md (ref main):\nline one\nline two');
    expect(await resultFor(false)).toBe(file);
  });
});

describe('a reply cut at its length cap (finish_reason: length)', () => {
  it('is reported as such, never checked as an answer', async () => {
    const checked: string[] = [];
    const { input } = conversation([{ content: '*** Settings ***\nLibrary    Coll', finishReason: 'length' }], {
      checkAnswer: async (reply) => (checked.push(reply), { ok: true, suite: reply }),
    });
    const failure = await runConversation(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReplyCutError);
    expect((failure as Error).message).toBe(
      "the model's reply was cut off at its length limit (finish_reason: length; --max-reply-tokens 321, or a full context)",
    );
    expect(checked).toEqual([]);
  });

  it('through text tool calls too: a cut reply is the same failure, its <tool_call> blocks complete or not are never run', async () => {
    for (const content of [
      'Let me read.\n<tool_call>{"name":"read","arguments":{"pa',
      '<tool_call>{"name":"read","arguments":{"path":"a"}}</tool_call>\n*** Test Cases ***\nHalf',
    ]) {
      const tools = readingHost();
      const inner = new ScriptedModel([{ content, finishReason: 'length' }]);
      const model = new TextToolModel(inner, { mode: 'text', toolPrompt: async (lines) => `# Tools\n${lines}` });
      const { input } = conversation([], { model, tools });
      const failure = await runConversation(input).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ReplyCutError);
      expect(tools.calls).toEqual([]);
      expect(inner.requests[0]?.tools).toEqual([]);
    }
  });

  it('runs none of the tool calls of a cut reply, and names the server limit when writer set none', async () => {
    const tools = readingHost();
    const { input } = conversation([{ toolCalls: [read('a'), { name: 'read', arguments: '{"pa' }], finishReason: 'length' }], {
      tools,
      limits: limits({ maxReplyTokens: undefined }),
    });
    await expect(runConversation(input)).rejects.toThrow("finish_reason: length; the server's own limit, or a full context");
    expect(tools.calls).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  it('in the middle of a streamed reply: what arrived is no answer, and nothing is checked', async () => {
    const controller = new AbortController();
    const halfway = deferred<void>();
    const checked: string[] = [];
    const { events, input } = conversation(
      [
        {
          content: '*** Settings ***\nLibrary    Collections\n',
          stream: async (listener) => {
            listener.onText?.('*** Settings ***\n');
            await halfway.promise;
          },
        },
      ],
      { signal: controller.signal, checkAnswer: async (reply) => (checked.push(reply), { ok: true, suite: reply }) },
    );
    const running = runConversation(input);
    await until(() => ofType(events, 'text').length === 1, 'the first streamed piece');
    controller.abort();
    halfway.resolve();
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    expect(checked).toEqual([]);
    expect(ofType(events, 'message').map((event) => event.message.role)).toEqual(['user']);
  });

  it('while the model has not answered yet', async () => {
    const controller = new AbortController();
    const { model, input } = conversation([{ hang: true }], { signal: controller.signal });
    const running = runConversation(input);
    await until(() => model.requests.length === 1, 'the request');
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
  });

  it('while a tool runs: the call is told, its siblings settle, and the model is not asked again', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const tools = new MemoryToolHost({
      read: (args, options) => {
        if (options.signal) seen.push(options.signal);
        return args.path === 'hangs' ? untilAborted(new Promise<string>(() => undefined), options.signal) : 'quick text';
      },
    });
    const { model, input } = conversation([reads('quick', 'hangs'), ANSWER], { tools, signal: controller.signal });
    const running = runConversation(input);
    await until(() => tools.calls.length === 2, 'both calls running');
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    expect(seen).toHaveLength(2);
    expect(seen.every((signal) => signal.aborted)).toBe(true);
    expect(model.requests).toHaveLength(1);
  });

  it('after a tool answered anyway: its result is not sent to the model', async () => {
    const controller = new AbortController();
    const answer = deferred<string>();
    const tools = new MemoryToolHost({ read: () => answer.promise });
    const { model, input } = conversation([reads('a'), ANSWER], { tools, signal: controller.signal });
    const running = runConversation(input);
    await until(() => tools.calls.length === 1, 'the call');
    controller.abort();
    answer.resolve('text that came too late');
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    expect(model.requests).toHaveLength(1);
  });

  it('while the checks run: their verdict is not acted on', async () => {
    const controller = new AbortController();
    const verdict = deferred<AnswerVerdict>();
    let checks = 0;
    const { input } = conversation([{ content: 'draft' }, ANSWER], {
      signal: controller.signal,
      checkAnswer: () => (checks++, verdict.promise),
    });
    const running = runConversation(input);
    await until(() => checks === 1, 'the checks');
    controller.abort();
    verdict.resolve(failing('fix it'));
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    expect(checks).toBe(1);
  });
});

describe('progress while a reply streams', () => {
  /** A model that streams `pieces` chunks, then holds its reply until `release`. */
  function holding(pieces: number): { turn: ScriptedTurn; release: () => void } {
    const gate = deferred<void>();
    return {
      turn: {
        ...ANSWER,
        stream: async (listener) => {
          for (let i = 0; i < pieces; i++) listener.onChunk?.();
          await gate.promise;
        },
      },
      release: () => gate.resolve(),
    };
  }

  it('reports progress every interval, with the pieces received so far', async () => {
    vi.useFakeTimers();
    const { turn, release } = holding(5);
    const { events, input } = conversation([turn], { progressIntervalMs: 30_000 });
    const running = runConversation(input);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(ofType(events, 'round-progress')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ofType(events, 'round-progress')).toEqual([
      { type: 'round-progress', round: 1, tokens: 5, seconds: 30 },
      { type: 'round-progress', round: 1, tokens: 5, seconds: 60 },
    ]);
    release();
    await running;
    await vi.advanceTimersByTimeAsync(60_000);
    // Once the reply is in, the round says nothing more.
    expect(ofType(events, 'round-progress')).toHaveLength(2);
  });

  it('prints a plain line every interval in a CI log, with the tokens received and the seconds', async () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const renderer = createRenderer({ redactor: new Redactor(), stream, env: {} });
    const { turn, release } = holding(42);
    const { input } = conversation([turn], { emit: (event) => renderer.emit(event), progressIntervalMs: 30_000 });
    const running = runConversation(input);
    await vi.advanceTimersByTimeAsync(60_000);
    release();
    await running;
    expect(written.filter((text) => text.includes('still streaming'))).toEqual([
      'round 1: still streaming, 42 tokens received so far, 30 s\n',
      'round 1: still streaming, 42 tokens received so far, 60 s\n',
    ]);
  });
});
