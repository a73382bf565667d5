// What the conversation reports as it goes. The CLI renders these (spinner,
// plain lines, JSON); the loop never writes to a terminal itself.

import type { ChatMessage } from '../model/types.js';

export interface Problem {
  line: number;
  message: string;
}

export type LoopEvent =
  | { type: 'round-start'; round: number; phase: 'explore' | 'repair' }
  | { type: 'text'; delta: string }
  | { type: 'tool-call-start'; name: string }
  /** `id` pairs a call with its result; `arguments` are the final ones (after injection), or the raw text when invalid. */
  | { type: 'tool-call'; round: number; id: string; name: string; arguments: Record<string, unknown> | string; repeated: boolean }
  | { type: 'tool-result'; id: string; name: string; isError: boolean; chars: number; truncatedChars: number; durationMs: number }
  | { type: 'tool-progress'; name: string; message: string }
  /** While a reply streams: every PROGRESS_INTERVAL_MS, the pieces (about tokens) received so far. */
  | { type: 'round-progress'; round: number; tokens: number; seconds: number }
  /** The totals of the conversation so far; cachedTokens is the part of promptTokens the server served from its cache. */
  | { type: 'round-end'; round: number; promptTokens: number; completionTokens: number; cachedTokens: number }
  | { type: 'repair'; attempt: number; problems: Problem[] }
  /** A message joined the conversation (the assistant's reply even when a budget then stops the run). */
  | { type: 'message'; message: ChatMessage }
  | { type: 'notice'; message: string }
  | { type: 'info'; message: string };

export type EventSink = (event: LoopEvent) => void;

/** Figures of one conversation, kept up to date as it runs so a failure can still report them. */
export interface ConversationStats {
  rounds: number;
  toolCalls: number;
  repeatsAvoided: number;
  truncatedChars: number;
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the server said it served from its prefix cache (part of promptTokens). */
  cachedTokens: number;
  /** Whether any token count was estimated because the server reported no usage. */
  estimatedTokens: boolean;
}

export function emptyStats(): ConversationStats {
  return {
    rounds: 0,
    toolCalls: 0,
    repeatsAvoided: 0,
    truncatedChars: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    estimatedTokens: false,
  };
}
