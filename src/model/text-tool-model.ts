// A ChatModel decorator for models without native tool calling. The loop keeps
// speaking in ToolCalls and tool messages; this maps them to the Hermes/Qwen
// text convention on the way out and reads <tool_call> blocks on the way in.
// In auto mode it starts native, switches for good when the server refuses
// tools, and also runs <tool_call> blocks a model writes in native mode.

import { ToolsRefusedError } from './tools-refused.js';
import { describeTools, hasTextToolCalls, parseTextToolCalls, toTextConvention, withToolPrompt } from './text-tool-calls.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener, ToolCall } from './types.js';

export interface TextToolModelOptions {
  /** text: tool calls as text from the first request; auto: native until the server refuses tools. */
  mode: 'text' | 'auto';
  /** The system prompt part that describes the tools, given their JSON lines (a prompt template, filled by the caller). */
  toolPrompt: (toolLines: string) => Promise<string>;
}

export class TextToolModel implements ChatModel {
  readonly name: string;
  private textMode: boolean;
  /** Calls read from text; their history goes back in the text convention even in native mode. */
  private readonly textCallIds = new Set<string>();
  private textCalls = 0;
  private prompt: { tools: string; text: string } | undefined;

  constructor(
    private readonly inner: ChatModel,
    private readonly options: TextToolModelOptions,
  ) {
    this.name = inner.name;
    this.textMode = options.mode === 'text';
  }

  async reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply> {
    if (!this.textMode) {
      try {
        const reply = await this.inner.reply(
          { ...request, messages: toTextConvention(request.messages, (call) => this.textCallIds.has(call.id)) },
          listener,
          signal,
        );
        return reply.toolCalls.length || !hasTextToolCalls(reply.content) ? reply : this.readText(reply, listener);
      } catch (error) {
        if (!(error instanceof ToolsRefusedError) || !request.tools.length) throw error;
        this.textMode = true;
        listener.onNotice?.(
          `model ${this.name} has no native tool calls (${error.detail}); this run goes on with tool calls written as text (<tool_call> blocks)`,
        );
      }
    }
    const messages = toTextConvention(request.messages, () => true);
    const reply = await this.inner.reply(
      { ...request, messages: request.tools.length ? withToolPrompt(messages, await this.toolPrompt(request)) : messages, tools: [] },
      listener,
      signal,
    );
    return this.readText(reply, listener);
  }

  /** The reply's <tool_call> blocks as ToolCalls, with ids of their own. */
  private readText(reply: AssistantReply, listener: StreamListener): AssistantReply {
    if (reply.toolCalls.length) {
      for (const call of reply.toolCalls) this.textCallIds.add(call.id);
      return reply;
    }
    const parsed = parseTextToolCalls(reply.content);
    if (!parsed.calls.length) return reply;
    const toolCalls = parsed.calls.map((call): ToolCall => {
      this.textCalls += 1;
      const id = `text_call_${this.textCalls}`;
      this.textCallIds.add(id);
      listener.onToolCallStart?.(call.name);
      return { id, name: call.name, arguments: call.arguments };
    });
    return { ...reply, content: parsed.text, toolCalls };
  }

  private async toolPrompt(request: ChatRequest): Promise<string> {
    const tools = describeTools(request.tools);
    if (this.prompt?.tools !== tools) this.prompt = { tools, text: await this.options.toolPrompt(tools) };
    return this.prompt.text;
  }
}
