// Plays a recording back at the two seams: a ChatModel that returns the
// recorded replies in order, and a tool session that lists the recorded
// catalogue and answers each call from the recorded results. No network, no key.

import { ServiceError, UsageError, type ServiceErrorKind, type ServiceFailure } from '../errors.js';
import { canonicalJson } from '../loop/canonical-json.js';
import { toolCallKey, type ToolResult } from '../loop/tool-host.js';
import type { McpTool } from '../mcp/mcp-session.js';
import type { ToolSession } from '../mcp/tool-session.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener } from '../model/types.js';
import type { RecordedReply, RecordedToolCall } from './recording.js';

/** The recorded kind of a failed request; a recording made before kinds were kept says only that the model failed. */
function replayedFailure(recorded: { kind?: ServiceErrorKind; status?: number }): ServiceFailure {
  if (recorded.kind === 'http') return { kind: 'http', status: recorded.status ?? 0 };
  return { kind: recorded.kind ?? 'protocol' };
}

export class ReplayChatModel implements ChatModel {
  private next = 0;

  constructor(
    readonly name: string,
    private readonly replies: readonly RecordedReply[],
    /** Names the recording in errors. */
    private readonly source: string,
  ) {}

  reply(_request: ChatRequest, listener: StreamListener): Promise<AssistantReply> {
    // What `play` throws becomes the rejection, as a real model's failure would.
    return new Promise((resolve) => resolve(this.play(listener)));
  }

  private play(listener: StreamListener): AssistantReply {
    const recorded = this.replies[this.next];
    // The recording does not hold what the replay needs: bad input, as an invalid recording is.
    if (recorded === undefined && this.replies.length === 0) {
      throw new UsageError(`${this.source} holds no model reply; there is no conversation to replay`);
    }
    if (recorded === undefined) {
      throw new UsageError(
        `${this.source} holds ${this.replies.length} model replies and the replay asked for one more; it went another way than the recorded run`,
      );
    }
    this.next += 1;
    if ('error' in recorded) throw new ServiceError(`${recorded.error} (replayed from ${this.source})`, replayedFailure(recorded));
    // Played to the listener as if it streamed, so the progress output reads like the recorded run's.
    if (recorded.reply.content) listener.onText?.(recorded.reply.content);
    for (const call of recorded.reply.toolCalls) listener.onToolCallStart?.(call.name);
    return structuredClone(recorded.reply);
  }
}

export class ReplayToolSession implements ToolSession {
  /** Results by name and canonical arguments; a call made twice gets its answers in order, then the last one again. */
  private readonly answers = new Map<string, RecordedToolCall[]>();

  constructor(
    private readonly server: string,
    private readonly catalogue: readonly McpTool[],
    calls: readonly RecordedToolCall[],
  ) {
    for (const call of calls) {
      const key = toolCallKey(call);
      this.answers.set(key, [...(this.answers.get(key) ?? []), call]);
    }
  }

  get serverName(): string {
    return `${this.server} (replayed)`;
  }

  listTools(): Promise<McpTool[]> {
    return Promise.resolve(structuredClone([...this.catalogue]));
  }

  callTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    // What `answer` throws (a recorded failure) becomes the rejection, as a real server's would.
    return new Promise((resolve) => resolve(this.answer(name, args)));
  }

  private answer(name: string, args: Record<string, unknown>): ToolResult {
    const queue = this.answers.get(toolCallKey({ name, arguments: args }));
    const recorded = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (recorded === undefined) {
      return {
        content: [{ type: 'text', text: `not in the recording: ${name} with arguments ${canonicalJson(args)}` }],
        isError: true,
      };
    }
    if (recorded.error !== undefined) throw new Error(recorded.error);
    return structuredClone(recorded.result ?? { content: [], isError: false });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
