// Records a generation at its two seams: a ChatModel that keeps every reply,
// and a tool session that keeps the catalogue and every call's result. The
// recording is redacted and written atomically, whether the run worked or not.

import { InterruptedError, ServiceError, errorLine } from '../errors.js';
import type { ToolResult } from '../loop/tool-host.js';
import type { McpCallOptions, McpTool } from '../mcp/mcp-session.js';
import type { ToolSession } from '../mcp/tool-session.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener } from '../model/types.js';
import type { Redactor } from '../output/redact.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { packageManifest } from '../package-files.js';
import { RECORDING_FORMAT, type RecordedSettings, type RecordedToolCall, type Recording } from './recording.js';

/** The kind of a failed model request, so that a replay fails the same way. */
function failureOf(error: unknown): { kind?: ServiceError['kind']; status?: number } {
  if (!(error instanceof ServiceError)) return {};
  return { kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) };
}

export class Recorder {
  private readonly recording: Recording;

  constructor(settings: RecordedSettings) {
    this.recording = {
      format: RECORDING_FORMAT,
      writer: `writer ${packageManifest().version}`,
      recordedAt: new Date().toISOString(),
      settings,
      spec: null,
      server: null,
      catalogue: null,
      modelReplies: [],
      toolCalls: [],
      outcome: { status: 'failed', error: 'the run did not end' },
    };
  }

  setSpec(path: string, content: unknown): void {
    this.recording.spec = { path, content };
  }

  /** A model that answers like `model` and keeps each reply, or the error in its place, in order. */
  wrapModel(model: ChatModel): ChatModel {
    const replies = this.recording.modelReplies;
    return {
      name: model.name,
      async reply(request: ChatRequest, listener: StreamListener, signal?: AbortSignal): Promise<AssistantReply> {
        try {
          const reply = await model.reply(request, listener, signal);
          replies.push({ reply });
          return reply;
        } catch (error) {
          // An interrupted run has no reply to replay; a failed request is part of what happened.
          if (!(error instanceof InterruptedError)) replies.push({ error: errorLine(error), ...failureOf(error) });
          throw error;
        }
      },
    };
  }

  /** A session that answers like `session` and keeps the catalogue and every call, in the order the calls were made. */
  wrapSession(session: ToolSession): ToolSession {
    const recording = this.recording;
    recording.server = session.serverName;
    return {
      get serverName(): string {
        return session.serverName;
      },
      async listTools(): Promise<McpTool[]> {
        const tools = await session.listTools();
        recording.catalogue = structuredClone(tools);
        return tools;
      },
      async callTool(name: string, args: Record<string, unknown>, options?: McpCallOptions): Promise<ToolResult> {
        // Calls of one reply run in parallel; the entry is placed when the call starts.
        const entry: RecordedToolCall = { name, arguments: structuredClone(args) };
        recording.toolCalls.push(entry);
        try {
          const result = await session.callTool(name, args, options);
          entry.result = structuredClone(result);
          return result;
        } catch (error) {
          entry.error = errorLine(error);
          throw error;
        }
      },
      close: () => session.close(),
    };
  }

  finish(status: 'ok' | 'failed', error: unknown): void {
    this.recording.outcome = { status, error: error === undefined ? null : errorLine(error) };
  }

  /** Writes the recording with every secret of the run replaced, over an earlier recording of the same name. */
  async save(file: string, redactor: Redactor): Promise<void> {
    const redacted = redactor.redactDeep(this.recording);
    await writeFileAtomic(file, JSON.stringify(redacted, null, 2) + '\n', { overwrite: true });
  }
}
