// What the loop needs of the tools it offers the model: their definitions, and
// the preparation and execution of the model's calls. The loop owns this seam;
// src/mcp implements it over an MCP session, tests over plain functions.

import type { ToolCall, ToolDefinition } from '../model/types.js';
import { canonicalJson } from './canonical-json.js';

/** One part of a tool's result, as MCP returns it. */
export interface ToolContentPart {
  type: string;
  text?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

/** A tool's result: its parts, and whether the tool reported an error. */
export interface ToolResult {
  content: ToolContentPart[];
  isError: boolean;
  structuredContent?: unknown;
}

/** A call as it would be sent: the tool's own name and the final arguments (injected values included). */
export interface PreparedCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface ToolOutcome {
  /** The result for the model (not yet shaped or truncated). */
  result: ToolResult;
}

export interface ToolExecutionOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (message: string) => void;
  /** Who asks: the model's calls can be repeats; writer's own reads (conventions, resources) never are. */
  caller?: 'model' | 'writer';
}

export interface ToolHost {
  readonly definitions: readonly ToolDefinition[];
  /** Whether the model made this very call before, so that it will be answered from memory. */
  isRepeat?(prepared: PreparedCall): boolean;
  /** Parses, checks and injects a call; returns what would be sent, or an error outcome. */
  prepare(call: ToolCall): PreparedCall | ToolOutcome;
  execute(prepared: PreparedCall, options?: ToolExecutionOptions): Promise<ToolOutcome>;
}

/** Whether `prepare` refused the call (an error outcome) rather than preparing it. */
export function isOutcome(value: PreparedCall | ToolOutcome): value is ToolOutcome {
  return 'result' in value;
}

/** An error the model gets as the tool's result, so that it can correct its call. */
export function errorOutcome(message: string): ToolOutcome {
  return { result: { content: [{ type: 'text', text: message }], isError: true } };
}

/** Identifies a call by its tool and its arguments in any key order: equal keys, the same call. */
export function toolCallKey(call: PreparedCall): string {
  return `${call.name}\u0000${canonicalJson(call.arguments)}`;
}
