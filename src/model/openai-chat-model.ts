// The ChatModel for any OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp,
// vLLM, LM Studio). Streaming, retries, Retry-After and timeouts are the SDK's;
// this class maps shapes, assembles tool calls and turns failures into ServiceError.

import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { InterruptedError, ServiceError } from '../errors.js';
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
}

/** A stream cut in the middle of a reply is tried once more from the same history. */
const STREAM_CUT_RETRIES = 1;

export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly endpoint: string;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.name = options.model;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // Local servers need no key, but the SDK insists on one.
      apiKey: options.apiKey || 'no-key',
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
    });
    this.endpoint = this.client.baseURL;
  }

  async reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply> {
    for (let attempt = 0; ; attempt++) {
      let streamStarted = false;
      try {
        return await this.streamOnce(request, listener, signal, () => (streamStarted = true));
      } catch (error) {
        if (signal?.aborted || error instanceof APIUserAbortError) throw new InterruptedError();
        const cutMidStream = streamStarted && !(error instanceof APIError && error.status !== undefined);
        if (cutMidStream && attempt < STREAM_CUT_RETRIES) continue;
        throw this.describe(error, cutMidStream);
      }
    }
  }

  private async streamOnce(
    request: ChatRequest,
    listener: StreamListener,
    signal: AbortSignal | undefined,
    onStart: () => void,
  ): Promise<AssistantReply> {
    const stream = await this.client.chat.completions.create(
      {
        model: this.options.model,
        messages: toOpenAIMessages(request.messages),
        ...(request.tools.length ? { tools: toOpenAITools(request.tools) } : {}),
        temperature: this.options.temperature,
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal },
    );
    onStart();
    const assembler = new ToolCallAssembler();
    let content = '';
    let usage: TokenUsage | undefined;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
      const choice = chunk.choices?.[0];
      if (!choice) continue;
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
    return { content, toolCalls: assembler.finish(), usage, finishReason };
  }

  private describe(error: unknown, cutMidStream: boolean): ServiceError {
    const where = `model endpoint ${this.endpoint}`;
    if (cutMidStream) return new ServiceError(`${where}: the reply stream was cut twice (${oneLine(error)})`);
    if (error instanceof APIConnectionError) {
      return new ServiceError(`${where} unreachable: ${oneLine(error.cause ?? error)}`);
    }
    if (error instanceof APIError && error.status !== undefined) {
      const detail = apiErrorMessage(error);
      if (error.status === 401 || error.status === 403) {
        return new ServiceError(`${where} refused the API key (${error.status}): ${detail}`);
      }
      if (error.status === 404) return new ServiceError(`${where} (model ${this.options.model}): 404 ${detail}`);
      return new ServiceError(`${where} answered ${error.status}: ${detail}`);
    }
    return new ServiceError(`${where}: ${oneLine(error)}`);
  }
}

function apiErrorMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message;
  return message.replace(/\s+/g, ' ').trim();
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
