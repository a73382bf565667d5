// Rebuilds whole tool calls from streamed deltas. OpenAI sends each call at its
// own index with the id first; Ollama sends every call at index 0 and tells
// them apart only by a new id; llama.cpp puts name and arguments in one chunk;
// some servers send `arguments: null`. Calls must never merge into one string.

import type { ToolCall } from './types.js';

export interface ToolCallDelta {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export class ToolCallAssembler {
  private readonly calls: ToolCall[] = [];
  private readonly byId = new Map<string, ToolCall>();
  private readonly latestAtIndex = new Map<number, ToolCall>();

  /** Adds one delta; returns the call's name the first time that name is known. */
  add(delta: ToolCallDelta): string | undefined {
    const index = delta.index ?? 0;
    const id = delta.id || undefined;
    let call = id !== undefined ? this.byId.get(id) : this.latestAtIndex.get(index);
    if (!call) {
      call = { id: id ?? '', name: '', arguments: '' };
      this.calls.push(call);
      if (id !== undefined) this.byId.set(id, call);
      this.latestAtIndex.set(index, call);
    }
    const args = delta.function?.arguments;
    if (typeof args === 'string') call.arguments += args;
    const name = delta.function?.name;
    if (name && !call.name) {
      call.name = name;
      return name;
    }
    return undefined;
  }

  /** The finished calls in the order they began, each with an id. */
  finish(): ToolCall[] {
    return this.calls.map((call, position) => ({
      ...call,
      // Some local servers omit ids; the API needs one to pair results with calls.
      id: call.id || `call_${position}_${Math.random().toString(36).slice(2, 10)}`,
    }));
  }
}
