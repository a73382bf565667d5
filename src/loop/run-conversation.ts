// The tool loop: send the history, run the tool calls of each reply (in
// parallel, results in call order), and repeat until the model answers
// without tools with a suite that passes the answer check, or a bound is hit.

import { GenerationError, InterruptedError, ReplyCutError } from '../errors.js';
import type { ChatMessage, ChatModel, TokenUsage, ToolCall } from '../model/types.js';
import { CHARS_PER_TOKEN, PROGRESS_INTERVAL_MS } from '../config/defaults.js';
import type { ConversationLimits } from '../config/limits.js';
import type { ConversationStats, EventSink, Problem } from './events.js';
import { mapLimit } from './map-limit.js';
import { shapeResult } from './shape-result.js';
import type { TokenBudget } from './token-budget.js';
import { isOutcome, type ToolHost, type ToolOutcome } from './tool-host.js';

/** Defined where the settings resolve to it; the loop takes it as it is. */
export type { ConversationLimits };

export type AnswerVerdict = { ok: true; suite: string } | { ok: false; feedback: string; problems: Problem[]; reason: string };

export interface ConversationInput {
  model: ChatModel;
  tools: ToolHost;
  messages: ChatMessage[];
  limits: ConversationLimits;
  checkAnswer: (reply: string) => Promise<AnswerVerdict>;
  stats: ConversationStats;
  emit: EventSink;
  signal?: AbortSignal;
  /** The tokens of a whole batch (--max-batch-tokens), shared with the other generations. */
  batchBudget?: TokenBudget;
  /** How often a round still streaming reports progress (PROGRESS_INTERVAL_MS unless a test says otherwise). */
  progressIntervalMs?: number;
  /** Unwrap JSON-wrapped files and compact JSON results; off only when the bench measures what that saves. */
  shapeResults?: boolean;
}

export interface ConversationResult {
  suite: string;
}

const REPEAT_NOTE = '(You already made this call with the same arguments; here is the same result again.)\n';

export async function runConversation(input: ConversationInput): Promise<ConversationResult> {
  const { model, tools, limits, stats, emit, signal } = input;
  const messages = [...input.messages];
  let repairs = 0;
  // The last answer's problems, kept so that running out of rounds in a repair still reports them.
  let lastFailure: Extract<AnswerVerdict, { ok: false }> | undefined;
  const append = (message: ChatMessage): void => {
    messages.push(message);
    emit({ type: 'message', message });
  };
  for (const message of messages) emit({ type: 'message', message });

  for (;;) {
    throwIfAborted(signal);
    if (stats.rounds >= limits.maxRounds) {
      if (lastFailure)
        throw new GenerationError(`${lastFailure.reason}; no rounds left (--max-rounds ${limits.maxRounds})`, lastFailure.problems);
      throw new GenerationError(`no suite after ${limits.maxRounds} rounds (--max-rounds)`);
    }
    // Checked before each further request, not after a final reply: a finished suite is not thrown away.
    checkTokenBudget(stats, limits, input.batchBudget);
    stats.rounds += 1;
    const round = stats.rounds;
    emit({ type: 'round-start', round, phase: repairs ? 'repair' : 'explore' });

    const request = {
      messages,
      tools: [...tools.definitions],
      ...(limits.maxReplyTokens !== undefined ? { maxReplyTokens: limits.maxReplyTokens } : {}),
    };
    const reply = await withProgress(round, input, (onChunk) =>
      model.reply(
        request,
        {
          onText: (delta) => emit({ type: 'text', delta }),
          onToolCallStart: (name) => emit({ type: 'tool-call-start', name }),
          onNotice: (message) => emit({ type: 'notice', message }),
          onChunk,
        },
        signal,
      ),
    );
    // A reply cut short by Ctrl-C is no reply: never check or write it.
    throwIfAborted(signal);
    countUsage(stats, reply.usage, request, reply.content, reply.toolCalls, input.batchBudget);
    emit({
      type: 'round-end',
      round,
      promptTokens: stats.promptTokens,
      completionTokens: stats.completionTokens,
      cachedTokens: stats.cachedTokens,
    });
    const answer: ChatMessage = reply.toolCalls.length
      ? { role: 'assistant', content: reply.content, toolCalls: reply.toolCalls }
      : { role: 'assistant', content: reply.content };
    // Reported before the tool call budget is checked, so a transcript shows the reply that broke it.
    emit({ type: 'message', message: answer });
    if (reply.finishReason === 'length') {
      // Half a suite, or tool calls with half their arguments: no part of it can be trusted.
      const cap = limits.maxReplyTokens !== undefined ? `--max-reply-tokens ${limits.maxReplyTokens}` : "the server's own limit";
      throw new ReplyCutError(`the model's reply was cut off at its length limit (finish_reason: length; ${cap}, or a full context)`);
    }

    if (reply.toolCalls.length === 0) {
      messages.push(answer);
      const verdict = await input.checkAnswer(reply.content);
      // Ctrl-C during the checks: the verdict, whatever it says, is not acted on.
      throwIfAborted(signal);
      if (verdict.ok) return { suite: verdict.suite };
      lastFailure = verdict;
      if (repairs >= limits.repairRounds) {
        throw new GenerationError(verdict.reason, verdict.problems);
      }
      repairs += 1;
      emit({ type: 'repair', attempt: repairs, problems: verdict.problems });
      append({ role: 'user', content: verdict.feedback });
      continue;
    }

    // The calls' results could only be used by a request the budget no longer allows.
    checkTokenBudget(stats, limits, input.batchBudget);
    if (limits.maxToolCalls !== undefined && stats.toolCalls + reply.toolCalls.length > limits.maxToolCalls) {
      throw new GenerationError(`tool call budget spent: the model asked for more than --max-tool-calls ${limits.maxToolCalls}`);
    }
    messages.push(answer);
    const results = await mapLimit(reply.toolCalls, limits.toolConcurrency, (call) => runToolCall(call, round, input));
    // Tool messages answer the assistant message above, in the order of its calls.
    reply.toolCalls.forEach((call, index) => {
      append({ role: 'tool', toolCallId: call.id, content: results[index] as string });
    });
  }
}

async function runToolCall(call: ToolCall, round: number, input: ConversationInput): Promise<string> {
  const { tools, limits, stats, emit, signal } = input;
  const started = Date.now();
  stats.toolCalls += 1;
  const prepared = tools.prepare(call);
  let outcome: ToolOutcome;
  let repeated = false;
  if (isOutcome(prepared)) {
    emit({ type: 'tool-call', round, id: call.id, name: call.name, arguments: call.arguments, repeated: false });
    outcome = prepared;
  } else {
    repeated = tools.isRepeat?.(prepared) ?? false;
    emit({ type: 'tool-call', round, id: call.id, name: prepared.name, arguments: prepared.arguments, repeated });
    outcome = await tools
      .execute(prepared, {
        signal,
        timeoutMs: limits.toolTimeoutMs,
        onProgress: (message) => emit({ type: 'tool-progress', name: prepared.name, message }),
        caller: 'model',
      })
      .catch((error: unknown) => {
        throwIfAborted(signal);
        throw error;
      });
  }
  if (repeated) stats.repeatsAvoided += 1;
  const shaped = shapeResult(outcome.result, { maxChars: limits.maxToolChars, shape: input.shapeResults ?? true });
  stats.truncatedChars += repeated ? 0 : shaped.truncatedChars;
  emit({
    type: 'tool-result',
    id: call.id,
    name: call.name,
    isError: outcome.result.isError,
    chars: shaped.text.length,
    truncatedChars: shaped.truncatedChars,
    durationMs: Date.now() - started,
  });
  return repeated ? REPEAT_NOTE + shaped.text : shaped.text;
}

/** Runs one model request, emitting round-progress every interval until it settles. */
async function withProgress<T>(round: number, input: ConversationInput, request: (onChunk: () => void) => Promise<T>): Promise<T> {
  const started = Date.now();
  let chunks = 0;
  const timer = setInterval(() => {
    input.emit({ type: 'round-progress', round, tokens: chunks, seconds: Math.round((Date.now() - started) / 1000) });
  }, input.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
  try {
    return await request(() => (chunks += 1));
  } finally {
    clearInterval(timer);
  }
}

function countUsage(
  stats: ConversationStats,
  usage: TokenUsage | undefined,
  request: unknown,
  content: string,
  toolCalls: ToolCall[],
  batchBudget: TokenBudget | undefined,
): void {
  const before = stats.promptTokens + stats.completionTokens;
  if (usage) {
    stats.promptTokens += usage.promptTokens;
    stats.completionTokens += usage.completionTokens;
    stats.cachedTokens += usage.cachedTokens ?? 0;
  } else {
    stats.estimatedTokens = true;
    stats.promptTokens += Math.ceil(JSON.stringify(request).length / CHARS_PER_TOKEN);
    const replyChars = content.length + toolCalls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
    stats.completionTokens += Math.ceil(replyChars / CHARS_PER_TOKEN);
  }
  batchBudget?.add(stats.promptTokens + stats.completionTokens - before);
}

function checkTokenBudget(stats: ConversationStats, limits: ConversationLimits, batchBudget: TokenBudget | undefined): void {
  const spent = stats.promptTokens + stats.completionTokens;
  if (limits.maxTokens !== undefined && spent >= limits.maxTokens) {
    throw new GenerationError(`token budget spent: ${spent} tokens used, --max-tokens is ${limits.maxTokens}`);
  }
  if (batchBudget?.spent) {
    throw new GenerationError(
      `batch token budget spent: ${batchBudget.used} tokens used by the batch, --max-batch-tokens is ${batchBudget.limit}`,
    );
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError();
}
