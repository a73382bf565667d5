// Tool calls written as text, for models without native tool calling: the
// Hermes/Qwen convention. Tools are listed as JSON lines inside <tools>, the
// model answers <tool_call>{"name":…,"arguments":…}</tool_call> blocks, and
// results go back as <tool_response> blocks in a user message. Pure functions:
// listing, parsing, and turning a native history into this convention.

import type { ChatMessage, ToolCall, ToolDefinition } from './types.js';

/** A call read from a reply's text; `arguments` is JSON text, or the raw block when it was not JSON. */
export interface TextToolCall {
  name: string;
  arguments: string;
}

export interface ParsedReply {
  /** The reply without its <tool_call> blocks. */
  text: string;
  calls: TextToolCall[];
}

// A block may lack its closing tag when the server stopped at a stop word.
const TOOL_CALL_BLOCK = /<tool_call>([\s\S]*?)(?:<\/tool_call>|(?=<tool_call>)|$)/g;
const FENCE = /^```[\w-]*\s*\n?([\s\S]*?)\n?```$/;
const NAME_IN_TEXT = /"name"\s*:\s*"([^"]+)"/;

/** The tools as one JSON object per line, the form the convention puts inside <tools></tools>. */
export function describeTools(tools: readonly ToolDefinition[]): string {
  return tools
    .map((tool) =>
      JSON.stringify({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }),
    )
    .join('\n');
}

/** Whether a reply holds at least one <tool_call> block. */
export function hasTextToolCalls(content: string): boolean {
  return content.includes('<tool_call>');
}

/** The calls of a reply's <tool_call> blocks, in order, and the text around them. */
export function parseTextToolCalls(content: string): ParsedReply {
  const calls: TextToolCall[] = [];
  for (const match of content.matchAll(TOOL_CALL_BLOCK)) {
    const body = unfence((match[1] ?? '').trim());
    if (body === '') continue;
    calls.push(parseBlock(body));
  }
  const text = content
    .replace(TOOL_CALL_BLOCK, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, calls };
}

function parseBlock(body: string): TextToolCall {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // Not JSON: the tool host answers the model that the arguments are invalid.
    return { name: NAME_IN_TEXT.exec(body)?.[1] ?? '', arguments: body };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { name: '', arguments: body };
  const call = value as Record<string, unknown>;
  const name = typeof call.name === 'string' ? call.name : '';
  // Llama-style models write "parameters"; some models send the arguments as a JSON string.
  const args = call.arguments ?? call.parameters ?? {};
  return { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
}

function unfence(body: string): string {
  return FENCE.exec(body)?.[1]?.trim() ?? body;
}

/** One call as the model would have written it. */
export function formatToolCall(call: Pick<ToolCall, 'name' | 'arguments'>): string {
  let args: unknown = call.arguments;
  try {
    args = JSON.parse(call.arguments || '{}');
  } catch {
    // Kept as the string the model sent.
  }
  return `<tool_call>\n${JSON.stringify({ name: call.name, arguments: args })}\n</tool_call>`;
}

/** The results of one reply's calls, in the order of the calls. */
export function formatToolResponses(results: readonly string[]): string {
  return results.map((result) => `<tool_response>\n${result}\n</tool_response>`).join('\n');
}

/**
 * A history the loop wrote with native tool calls, in the text convention for
 * the calls `inText` selects: the assistant message keeps its text and gains
 * the <tool_call> blocks, loses tool_calls; its tool messages become one user
 * message of <tool_response> blocks. Servers without a tool role accept it.
 */
export function toTextConvention(messages: readonly ChatMessage[], inText: (call: ToolCall) => boolean): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as ChatMessage;
    if (message.role !== 'assistant' || !message.toolCalls?.length || !message.toolCalls.every(inText)) {
      out.push(message);
      continue;
    }
    const calls = message.toolCalls;
    out.push({ role: 'assistant', content: [message.content.trim(), ...calls.map(formatToolCall)].filter(Boolean).join('\n') });
    const results = new Map<string, string>();
    while (i + 1 < messages.length) {
      const next = messages[i + 1] as ChatMessage;
      if (next.role !== 'tool') break;
      results.set(next.toolCallId, next.content);
      i++;
    }
    const answered = calls.flatMap((call) => (results.has(call.id) ? [results.get(call.id) as string] : []));
    if (answered.length) out.push({ role: 'user', content: formatToolResponses(answered) });
  }
  return out;
}

/** The history with the tool description added to its system message (or a system message of its own). */
export function withToolPrompt(messages: readonly ChatMessage[], toolPrompt: string): ChatMessage[] {
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content.trimEnd()}\n\n${toolPrompt.trim()}` }, ...rest];
  return [{ role: 'system', content: toolPrompt.trim() }, ...messages];
}
