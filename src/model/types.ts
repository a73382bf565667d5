// The conversation types writer owns. Vendor shapes (OpenAI's) stop at the
// mappers in src/model/; the loop and the app only see these.

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; may be invalid. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolDefinition {
  name: string;
  description: string;
  /** A JSON Schema of type object, already acceptable to OpenAI-compatible servers. */
  parameters: Record<string, unknown>;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the server served from its prefix cache (a part of promptTokens); absent when it did not say. */
  cachedTokens?: number;
}

export interface AssistantReply {
  content: string;
  toolCalls: ToolCall[];
  /** Usage the server reported, or undefined when it reported none. */
  usage?: TokenUsage;
  finishReason?: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** The longest reply the model may write, in tokens; the server cuts it there (finishReason 'length'). */
  maxReplyTokens?: number;
}

/** What a model reports while a reply streams in. */
export interface StreamListener {
  onText?(delta: string): void;
  onToolCallStart?(name: string): void;
  /** Something the user should know while waiting: a retry, a cut stream asked again. */
  onNotice?(message: string): void;
  /** A streamed piece of the reply arrived (text, tool call or reasoning): about one token. */
  onChunk?(): void;
}

/** The seam between the loop and any chat model. */
export interface ChatModel {
  readonly name: string;
  reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply>;
}
