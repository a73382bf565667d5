// The ChatModel for any OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp,
// vLLM, LM Studio). Streaming, retries (honouring Retry-After) and request
// timeouts are the SDK's; this class maps shapes, assembles tool calls, bounds a
// whole streamed reply by --timeout and a retry's wait by --max-retry-wait, lets
// Ctrl-C end a retry wait, and turns failures into ServiceError.

import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { untilAborted } from '../abort.js';
import { InterruptedError, ServiceError, errorLine } from '../errors.js';
import { askedRetryWaitMs, boundedRetryFetch, type FetchLike, type RetryAnnouncement } from './bounded-retry-fetch.js';
import { describeEndpointError } from './openai-endpoint.js';
import { toOpenAIMessages, toOpenAITools } from './openai-mapping.js';
import { ToolCallAssembler } from './tool-call-assembler.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener, TokenUsage } from './types.js';

export interface OpenAIChatModelOptions {
  baseURL?: string;
  apiKey?: string;
  model: string;
  temperature: number;
  maxRetries: number;
  timeoutMs: number;
  /** The longest Retry-After waited out; an answer asking for more fails the request at once. */
  maxRetryWaitMs: number;
  /** Where a request's maxReplyTokens goes: OpenAI's newer models take only max_completion_tokens, other servers know max_tokens. */
  replyLimit: 'max_tokens' | 'max_completion_tokens';
  /** The fetch under the SDK's; the global one unless a test plays the endpoint in process. */
  fetch?: FetchLike;
}

/** A stream cut in the middle of a reply is tried once more from the same history. */
const STREAM_CUT_RETRIES = 1;

/** The whole reply (headers and stream) took longer than --timeout. */
class ReplyTimeout extends Error {}

/** A 200 answer that held no chat completion chunks. */
class NotAStream extends Error {}

export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly endpoint: string;

  /** Where retry notices go during the current request. */
  private onRetry: ((message: string) => void) | undefined;
  /** The current request's own signal: a try that failed because it was aborted is not retried, so not announced. */
  private requestSignal: AbortSignal | undefined;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.name = options.model;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // Local servers need no key, but the SDK insists on one.
      apiKey: options.apiKey || 'no-key',
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
      fetch: boundedRetryFetch({
        maxWaitMs: options.maxRetryWaitMs,
        maxRetries: options.maxRetries,
        onRetry: (retry) => {
          if (!this.requestSignal?.aborted) this.onRetry?.(retryNotice(this.endpoint, retry));
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    });
    this.endpoint = this.client.baseURL;
  }

  async reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply> {
    this.onRetry = listener.onNotice?.bind(listener);
    try {
      for (let cuts = 0; ; cuts++) {
        let streamStarted = false;
        try {
          return await this.streamOnce(request, listener, signal, () => (streamStarted = true));
        } catch (error) {
          if (signal?.aborted || error instanceof APIUserAbortError || error instanceof InterruptedError) throw new InterruptedError();
          const cutMidStream =
            streamStarted &&
            !(error instanceof ReplyTimeout) &&
            !(error instanceof NotAStream) &&
            !(error instanceof APIError && error.status !== undefined);
          if (!cutMidStream || cuts >= STREAM_CUT_RETRIES) throw this.describe(error, cutMidStream);
          listener.onNotice?.(`model endpoint ${this.endpoint}: the reply stream was cut (${errorLine(error)}); asking again`);
        }
      }
    } finally {
      this.onRetry = undefined;
    }
  }

  private async streamOnce(
    request: ChatRequest,
    listener: StreamListener,
    signal: AbortSignal | undefined,
    onStart: () => void,
  ): Promise<AssistantReply> {
    // The SDK's timeout ends at the response headers; this one bounds the whole streamed reply.
    const local = new AbortController();
    this.requestSignal = local.signal;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      local.abort();
    }, this.options.timeoutMs);
    const forward = (): void => local.abort();
    if (signal?.aborted) local.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const reply = await this.streamWithin(request, listener, local.signal, onStart);
      // The SDK ends an aborted stream quietly; what arrived so far is no reply.
      if (local.signal.aborted) throw timedOut ? new ReplyTimeout() : new InterruptedError();
      return reply;
    } catch (error) {
      throw timedOut ? new ReplyTimeout() : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  private async streamWithin(
    request: ChatRequest,
    listener: StreamListener,
    signal: AbortSignal,
    onStart: () => void,
  ): Promise<AssistantReply> {
    // The SDK sleeps through an abort between retries; Ctrl-C must not wait for it.
    const stream = await untilAborted(
      this.client.chat.completions.create(
        {
          model: this.options.model,
          messages: toOpenAIMessages(request.messages),
          ...(request.tools.length ? { tools: toOpenAITools(request.tools) } : {}),
          temperature: this.options.temperature,
          ...(request.maxReplyTokens !== undefined ? { [this.options.replyLimit]: request.maxReplyTokens } : {}),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      ),
      signal,
    );
    onStart();
    const assembler = new ToolCallAssembler();
    let content = '';
    let usage: TokenUsage | undefined;
    let finishReason: string | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      if (chunk.usage) usage = usageOf(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (carriesReply(choice.delta)) listener.onChunk?.();
      const text = choice.delta?.content;
      if (text) {
        content += text;
        listener.onText?.(text);
      }
      for (const delta of choice.delta?.tool_calls ?? []) {
        const started = assembler.add(delta);
        if (started) listener.onToolCallStart?.(started);
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    // An HTML login page of a proxy, or a server that does not stream, ends without a single chunk.
    if (!chunks && !signal.aborted) throw new NotAStream();
    return { content, toolCalls: assembler.finish(), usage, finishReason };
  }

  private describe(error: unknown, cutMidStream: boolean): ServiceError {
    const where = `model endpoint ${this.endpoint}`;
    if (cutMidStream) {
      return new ServiceError(`${where}: the reply stream was cut twice (${errorLine(error)})`, { kind: 'stream-cut' }, { cause: error });
    }
    if (error instanceof NotAStream) {
      return new ServiceError(`${where} answered without a chat completion stream; is --base-url an OpenAI-compatible /v1 endpoint?`, {
        kind: 'protocol',
      });
    }
    if (error instanceof ReplyTimeout || error instanceof APIConnectionTimeoutError) {
      return new ServiceError(`${where}: no complete reply within ${seconds(this.options.timeoutMs)} s (--timeout)`, { kind: 'timeout' });
    }
    const apiError = error instanceof APIError ? (error as APIError<number | undefined, Headers | undefined>) : undefined;
    const asked = apiError ? askedRetryWaitMs(apiError.headers) : undefined;
    if (apiError?.status !== undefined && asked !== undefined && asked > this.options.maxRetryWaitMs) {
      return new ServiceError(
        `${where} answered ${apiError.status} and asked to wait ${seconds(asked)} s before trying again, ` +
          `more than --max-retry-wait ${seconds(this.options.maxRetryWaitMs)} s; not waiting`,
        { kind: 'http', status: apiError.status },
      );
    }
    return describeEndpointError(this.endpoint, error, this.options.model);
  }
}

/** The usage a server reported; cached tokens only when it said (OpenAI, vLLM and llama.cpp do, in prompt_tokens_details). */
function usageOf(usage: OpenAI.Completions.CompletionUsage): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    ...(typeof cached === 'number' ? { cachedTokens: cached } : {}),
  };
}

/** Whether a streamed delta holds a piece of the reply (servers also stream reasoning under fields of their own), not just the role. */
function carriesReply(delta: object | undefined): boolean {
  return Object.entries(delta ?? {}).some(([key, value]) => key !== 'role' && value !== null && value !== undefined && value !== '');
}

function retryNotice(endpoint: string, retry: RetryAnnouncement): string {
  const what =
    typeof retry.failed === 'object'
      ? `answered ${retry.failed.status}`
      : retry.failed === 'timed out'
        ? 'timed out'
        : 'could not be reached';
  const when = retry.askedWaitMs ? ` in ${seconds(retry.askedWaitMs)} s, as asked` : '';
  return `model endpoint ${endpoint} ${what}; retrying${when} (${retry.triesLeft} ${retry.triesLeft === 1 ? 'try' : 'tries'} left)`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}
