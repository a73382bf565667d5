// The transcript (--transcript FILE): the whole conversation of one generation
// and what the run did with it, as one JSON file to read when a run goes wrong.
// A consumer of the loop's events; written atomically, secrets redacted, also
// (above all) when the run fails.

import type { GenerateConfig } from '../config/resolve-config.js';
import type { LoopEvent, Problem } from '../loop/events.js';
import type { ChatMessage } from '../model/types.js';
import type { Redactor } from './redact.js';
import type { RunSummary } from './run-summary.js';
import { writeFileAtomic } from './write-atomic.js';

/** What the run ended with. */
export type TranscriptOutcome = RunSummary;

export interface TranscriptRound {
  round: number;
  phase: 'explore' | 'repair';
  /** Since the start of the run. */
  startedAtMs: number;
  /** From the request to the whole reply (retries included). */
  modelMs?: number;
  /** From the reply to the last tool result of the round. */
  toolsMs?: number;
  /** This round's tokens (estimated when the server reported none); cachedTokens: the prompt tokens served from the server's cache. */
  usage?: { promptTokens: number; completionTokens: number; cachedTokens: number };
  toolCalls: number;
}

export interface TranscriptToolCall {
  round: number;
  id: string;
  name: string;
  /** The arguments sent, after injection; the raw text when they were not JSON. */
  arguments: Record<string, unknown> | string;
  repeated: boolean;
  startedAtMs: number;
  /** Characters of the result the model got. */
  chars?: number;
  truncatedChars?: number;
  isError?: boolean;
  durationMs?: number;
}

export interface Transcript {
  startedAt: string;
  status: TranscriptOutcome['status'];
  spec: string;
  output: string | null;
  error: string | null;
  problems?: ReadonlyArray<{ line: number; message: string }>;
  durationMs: number;
  settings: Record<string, unknown>;
  summary: Pick<TranscriptOutcome, 'rounds' | 'toolCalls' | 'repeatsAvoided' | 'truncatedChars' | 'usage'>;
  rounds: TranscriptRound[];
  toolCalls: TranscriptToolCall[];
  repairs: Array<{ attempt: number; problems: Problem[] }>;
  notices: Array<{ atMs: number; level: 'warning' | 'info'; message: string }>;
  messages: ChatMessage[];
}

export class TranscriptRecorder {
  private readonly started: number;
  private readonly rounds: TranscriptRound[] = [];
  private readonly toolCalls: TranscriptToolCall[] = [];
  private readonly repairs: Transcript['repairs'] = [];
  private readonly notices: Transcript['notices'] = [];
  private readonly messages: ChatMessage[] = [];
  private tokensSoFar = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };
  private replyAt = 0;

  constructor(
    private readonly config: GenerateConfig,
    /** The run's redactor, with the secrets learnt during the run (a refreshed OAuth token) too. */
    private readonly redactor: Redactor,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  record(event: LoopEvent): void {
    const at = this.now() - this.started;
    const round = this.rounds.at(-1);
    switch (event.type) {
      case 'round-start':
        this.rounds.push({ round: event.round, phase: event.phase, startedAtMs: at, toolCalls: 0 });
        break;
      case 'round-end':
        if (round) {
          round.modelMs = at - round.startedAtMs;
          round.usage = {
            promptTokens: event.promptTokens - this.tokensSoFar.promptTokens,
            completionTokens: event.completionTokens - this.tokensSoFar.completionTokens,
            cachedTokens: event.cachedTokens - this.tokensSoFar.cachedTokens,
          };
        }
        this.tokensSoFar = { promptTokens: event.promptTokens, completionTokens: event.completionTokens, cachedTokens: event.cachedTokens };
        this.replyAt = at;
        break;
      case 'tool-call':
        if (round) round.toolCalls += 1;
        this.toolCalls.push({
          round: event.round,
          id: event.id,
          name: event.name,
          arguments: event.arguments,
          repeated: event.repeated,
          startedAtMs: at,
        });
        break;
      case 'tool-result': {
        const call = this.toolCalls.find((entry) => entry.id === event.id && entry.chars === undefined);
        if (call)
          Object.assign(call, {
            chars: event.chars,
            truncatedChars: event.truncatedChars,
            isError: event.isError,
            durationMs: event.durationMs,
          });
        if (round) round.toolsMs = at - this.replyAt;
        break;
      }
      case 'repair':
        this.repairs.push({ attempt: event.attempt, problems: event.problems });
        break;
      case 'message':
        this.messages.push(event.message);
        break;
      case 'notice':
      case 'info':
        this.notices.push({ atMs: at, level: event.type === 'notice' ? 'warning' : 'info', message: event.message });
        break;
    }
  }

  /** The transcript of the run so far, ended by `outcome`; not yet redacted. */
  transcript(outcome: TranscriptOutcome): Transcript {
    const { config } = this;
    return {
      startedAt: new Date(this.started).toISOString(),
      status: outcome.status,
      spec: outcome.spec,
      output: outcome.output,
      error: outcome.error,
      ...(outcome.problems?.length ? { problems: outcome.problems } : {}),
      durationMs: outcome.durationMs,
      settings: {
        model: config.model.name,
        // null: OpenAI's own endpoint.
        baseURL: config.model.baseURL ?? null,
        temperature: config.model.temperature,
        retries: config.model.retries,
        timeoutMs: config.model.timeoutMs,
        mcpUrl: config.repo === undefined ? config.mcp.url : null,
        ...(config.repo !== undefined ? { repo: config.repo } : {}),
        // Names only: the values are credentials.
        mcpHeaders: Object.keys(config.mcp.headers),
        projectId: config.tools.projectId ?? null,
        ref: config.tools.ref ?? null,
        inject: config.tools.inject,
        fullSchemas: config.tools.fullSchemas ?? false,
        conventions: config.conventionsPath,
        limits: config.limits,
        // Per million tokens; the summary's usage.estimatedCost comes from them.
        prices: config.prices ?? null,
        dryRun: config.dryRun,
        force: config.force,
      },
      summary: {
        rounds: outcome.rounds,
        toolCalls: outcome.toolCalls,
        repeatsAvoided: outcome.repeatsAvoided,
        truncatedChars: outcome.truncatedChars,
        usage: outcome.usage,
      },
      rounds: this.rounds,
      toolCalls: this.toolCalls,
      repairs: this.repairs,
      notices: this.notices,
      messages: this.messages,
    };
  }

  /** Writes the transcript to `file` (replacing an older one), with every secret of the run redacted. */
  async write(file: string, outcome: TranscriptOutcome): Promise<void> {
    const redacted = this.redactor.redactDeep(this.transcript(outcome));
    await writeFileAtomic(file, JSON.stringify(redacted, null, 2) + '\n', { overwrite: true });
  }
}
