// A ChatModel that plays scripted turns in order, for tests of the loop in process: each
// turn may look at the request the loop built (`expect`), stream pieces to the listener
// before it settles, or hang until the run is interrupted, as the OpenAI model does.

import { untilAborted } from '../../src/abort.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener, TokenUsage, ToolCall } from '../../src/model/types.js';

export interface ScriptedTurn {
  /** Looks at the request the loop sent for this turn; an assertion that throws fails the run. */
  expect?: (request: ChatRequest) => void;
  content?: string;
  /** Arguments given as an object are sent as JSON, a string verbatim (so a turn can send invalid JSON). */
  toolCalls?: Array<{ id?: string; name: string; arguments: string | Record<string, unknown> }>;
  usage?: TokenUsage;
  /** 'stop', or 'tool_calls' when the turn calls tools, unless given. */
  finishReason?: string;
  /** Played before the reply settles: stream text or chunks, wait for the test. */
  stream?: (listener: StreamListener, signal: AbortSignal | undefined) => Promise<void> | void;
  /** Never answers; rejects with InterruptedError once the run's signal aborts (Ctrl-C). */
  hang?: boolean;
}

export class ScriptedModel implements ChatModel {
  readonly name = 'scripted';
  /** Every request as the loop sent it (a copy: the loop's history grows after the request). */
  readonly requests: ChatRequest[] = [];
  private next = 0;

  constructor(private readonly turns: ScriptedTurn[]) {}

  /** Turns not played yet; a test that expects the whole script played asserts 0. */
  get remaining(): number {
    return this.turns.length - this.next;
  }

  async reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply> {
    this.requests.push(structuredClone(request));
    const index = this.next++;
    const turn = this.turns[index];
    if (!turn) throw new Error(`the script has ${this.turns.length} turns; the loop asked for turn ${index + 1}`);
    turn.expect?.(request);
    await turn.stream?.(listener, signal);
    if (turn.hang) await untilAborted(new Promise<never>(() => undefined), signal);
    const toolCalls: ToolCall[] = (turn.toolCalls ?? []).map((call, position) => ({
      id: call.id ?? `call_${index + 1}_${position + 1}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    return {
      content: turn.content ?? '',
      toolCalls,
      ...(turn.usage ? { usage: turn.usage } : {}),
      finishReason: turn.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop'),
    };
  }
}
