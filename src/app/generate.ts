// One generation, start to finish: spec → MCP session and tools → conventions
// → conversation → checked suite → written file (or printed, for a dry run).
// The MCP session is closed on every path out, success or failure.

import path from 'node:path';
import type { GenerateConfig } from '../config/resolve-config.js';
import { GenerationError, UsageError, errorLine } from '../errors.js';
import { emptyStats, type ConversationStats, type EventSink } from '../loop/events.js';
import { runConversation, type AnswerVerdict } from '../loop/run-conversation.js';
import { injectionRules } from '../mcp/injection.js';
import { McpSession } from '../mcp/mcp-session.js';
import { McpToolHost, offerTools } from '../mcp/tool-host.js';
import { selectTools } from '../mcp/tool-policy.js';
import { OpenAIChatModel } from '../model/openai-chat-model.js';
import type { ChatMessage, ChatModel } from '../model/types.js';
import { fileExists, writeFileAtomic } from '../output/write-atomic.js';
import { extractSuite } from '../robot/extract-suite.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { renderPrompt } from './prompts.js';
import { readConventions } from './read-conventions.js';

export interface GenerateResult {
  status: 'ok' | 'failed';
  spec: string;
  output: string | null;
  rounds: number;
  toolCalls: number;
  repeatsAvoided: number;
  truncatedChars: number;
  usage: { promptTokens: number; completionTokens: number; estimated: boolean };
  durationMs: number;
  error: string | null;
  problems?: Array<{ line: number; message: string }>;
  content?: string;
}

export interface GenerateDependencies {
  /** Replaces the OpenAI-compatible model, for tests and replays. */
  model?: ChatModel;
  emit: EventSink;
  signal?: AbortSignal;
}

/** The summary, and the error that ended the run when it failed (the CLI maps it to an exit code). */
export interface GenerateOutcome {
  result: GenerateResult;
  error?: unknown;
}

export async function generate(config: GenerateConfig, deps: GenerateDependencies): Promise<GenerateOutcome> {
  const started = Date.now();
  const stats = emptyStats();
  try {
    const loaded = await loadSpec(config.spec);
    const outputFile = resolveTargetPath(config.out, loaded.targetPath, config.spec);
    if (!config.dryRun && !config.force && (await fileExists(outputFile))) {
      throw new UsageError(`${outputFile} already exists; use --force to overwrite it`);
    }
    const suite = await converse(config, loaded, stats, deps);
    if (!config.dryRun) await writeFileAtomic(outputFile, suite, { overwrite: config.force });
    return { result: summary('ok', config, stats, started, { output: config.dryRun ? null : outputFile, content: suite }) };
  } catch (error) {
    return { result: summary('failed', config, stats, started, { output: null, error }), error };
  }
}

async function converse(
  config: GenerateConfig,
  loaded: LoadedSpec,
  stats: ConversationStats,
  deps: GenerateDependencies,
): Promise<string> {
  const session = await McpSession.connect({
    url: config.mcp.url,
    headers: config.mcp.headers,
    onNotice: (message) => deps.emit({ type: 'notice', message }),
  });
  try {
    const catalogue = await session.listTools();
    const selection = selectTools(catalogue, config.tools.policy);
    for (const warning of selection.warnings) deps.emit({ type: 'notice', message: warning });
    const host = new McpToolHost(session, offerTools(selection.offered, injectionRules(config.tools)));
    deps.emit({
      type: 'info',
      message: `${session.serverName}: ${selection.offered.length} of ${catalogue.length} tools offered to the model (${host.definitions.map((tool) => tool.name).join(', ')})`,
    });

    const conventions =
      config.conventionsPath === null
        ? undefined
        : await readConventions(host, config.conventionsPath, {
            projectId: config.tools.projectId,
            ref: config.tools.ref,
            maxChars: config.limits.maxToolChars,
            timeoutMs: config.limits.toolTimeoutMs,
            signal: deps.signal,
          });
    if (!conventions) deps.emit({ type: 'notice', message: 'running without a conventions document (--conventions none)' });

    const messages = await firstMessages(config, loaded, conventions?.text);
    const model =
      deps.model ??
      new OpenAIChatModel({
        model: config.model.name,
        baseURL: config.model.baseURL,
        apiKey: config.model.apiKey,
        temperature: config.model.temperature,
        maxRetries: config.model.retries,
        timeoutMs: config.model.timeoutMs,
      });
    const result = await runConversation({
      model,
      tools: host,
      messages,
      limits: config.limits,
      checkAnswer: (reply) => checkAnswer(reply, loaded.targetPath),
      stats,
      emit: deps.emit,
      signal: deps.signal,
    });
    return result.suite;
  } finally {
    await session.close();
  }
}

async function firstMessages(config: GenerateConfig, loaded: LoadedSpec, conventions: string | undefined): Promise<ChatMessage[]> {
  const common = {
    project: config.tools.projectId ?? 'as configured on the server',
    ref: config.tools.ref ?? 'the default branch',
    conventions_path: config.conventionsPath ?? 'none',
    target_path: loaded.targetPath,
    target_dir: path.posix.dirname(loaded.targetPath),
  };
  const conventionsSection =
    conventions === undefined
      ? await renderPrompt('conventions-missing', {})
      : await renderPrompt('conventions-included', { ...common, conventions: conventions.trimEnd() });
  return [
    { role: 'system', content: await renderPrompt('system', common) },
    {
      role: 'user',
      content: await renderPrompt('user', {
        ...common,
        spec_file: path.basename(loaded.file),
        spec_json: JSON.stringify(loaded.spec, null, 2),
        conventions_section: conventionsSection.trimEnd(),
      }),
    },
  ];
}

async function checkAnswer(reply: string, targetPath: string): Promise<AnswerVerdict> {
  const suite = extractSuite(reply);
  if (suite !== undefined) return { ok: true, suite };
  const problems = [{ line: 1, message: 'the reply holds no Robot Framework suite (no *** Settings *** or other section header)' }];
  return {
    ok: false,
    reason: 'the model answered without a Robot Framework suite',
    problems,
    feedback: await renderPrompt('repair', {
      target_path: targetPath,
      problems: problems.map((problem) => `- line ${problem.line}: ${problem.message}`).join('\n'),
    }),
  };
}

function summary(
  status: 'ok' | 'failed',
  config: GenerateConfig,
  stats: ConversationStats,
  started: number,
  extra: { output: string | null; content?: string; error?: unknown },
): GenerateResult {
  const problems = extra.error instanceof GenerationError ? extra.error.problems : undefined;
  return {
    status,
    spec: config.spec,
    output: extra.output,
    rounds: stats.rounds,
    toolCalls: stats.toolCalls,
    repeatsAvoided: stats.repeatsAvoided,
    truncatedChars: stats.truncatedChars,
    usage: { promptTokens: stats.promptTokens, completionTokens: stats.completionTokens, estimated: stats.estimatedTokens },
    durationMs: Date.now() - started,
    error: extra.error === undefined ? null : errorLine(extra.error),
    ...(problems?.length ? { problems: [...problems] } : {}),
    ...(config.dryRun && extra.content !== undefined ? { content: extra.content } : {}),
  };
}
