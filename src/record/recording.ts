// The recording of one generation (--record): everything it received from the
// outside (the tool catalogue, each model reply, each tool result) with the
// spec and the settings, so that `writer replay` can run it again offline.

import type { GenerateConfig, ToolConfig } from '../config/resolve-config.js';
import { UsageError, type ServiceErrorKind } from '../errors.js';
import type { ToolResult } from '../loop/tool-host.js';
import type { McpTool } from '../mcp/mcp-session.js';
import type { AssistantReply } from '../model/types.js';
import { readRegularFile } from '../read-regular-file.js';
import { describeErrors, lazySchema } from '../schema-validator.js';

export const RECORDING_FORMAT = 'writer-recording/1';

/** A recording holds one run's tool results, each cut to --max-tool-chars; far less than this. */
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

/** The settings that shape a generation; replay runs with the same ones. */
export interface RecordedSettings {
  model: string;
  baseURL?: string;
  temperature: number;
  /** One of the two: the MCP server, or the local checkout of --repo. */
  mcpUrl?: string;
  repo?: string;
  projectId?: string;
  ref?: string;
  inject: Record<string, string>;
  toolPolicy: ToolConfig['policy'];
  conventionsPath: string | null;
  validate: string;
  /** `--variable` and `--language` of the run; absent in recordings made before they existed. */
  robot?: GenerateConfig['robot'];
  limits: GenerateConfig['limits'];
}

/** A model reply, or the error that took its place (with its kind, when a service failed; older recordings have none). */
export type RecordedReply = { reply: AssistantReply } | { error: string; kind?: ServiceErrorKind; status?: number };

/** A tool call as sent (server-side name, final arguments) and what came back: a result, or a thrown error. */
export interface RecordedToolCall {
  name: string;
  arguments: Record<string, unknown>;
  result?: ToolResult;
  error?: string;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  writer: string;
  recordedAt: string;
  settings: RecordedSettings;
  /** The spec as the run read it; null when it could not be read. */
  spec: { path: string; content: unknown } | null;
  server: string | null;
  /** Every tool of the server, as listed; null when the session never opened. */
  catalogue: McpTool[] | null;
  modelReplies: RecordedReply[];
  toolCalls: RecordedToolCall[];
  outcome: { status: 'ok' | 'failed'; error: string | null };
}

const recordingValidator = lazySchema('schemas/recording.schema.json');

/** Reads and checks a recording; anything else is a usage error naming the file. */
export async function readRecording(file: string): Promise<Recording> {
  let text: string;
  try {
    text = await readRegularFile(file, MAX_RECORDING_BYTES);
  } catch (error) {
    throw new UsageError(`${file}: cannot read the recording (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not a recording (not valid JSON: ${(error as Error).message})`);
  }
  if ((value as { format?: unknown } | null)?.format !== RECORDING_FORMAT) {
    throw new UsageError(`${file}: not a recording of writer (no "format": "${RECORDING_FORMAT}"; make one with writer generate --record)`);
  }
  const validator = recordingValidator();
  if (!validator(value)) throw new UsageError(`${file}: not a valid recording: ${describeErrors(validator.errors ?? [])}`);
  return value as Recording;
}
