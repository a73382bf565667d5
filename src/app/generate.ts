// One generation, start to finish: spec → MCP session and tools → conventions
// → conversation → checked suite → written file (or printed, for a dry run).
// The workspace (session and offered tools) can be shared by a batch.

import path from 'node:path';
import { untilAborted } from '../abort.js';
import type { GenerateConfig } from '../config/resolve-config.js';
import { GenerationError, UsageError, errorLine } from '../errors.js';
import { emptyStats, type ConversationStats, type EventSink } from '../loop/events.js';
import { runConversation, type AnswerVerdict } from '../loop/run-conversation.js';
import { injectionRules } from '../mcp/injection.js';
import type { McpSession } from '../mcp/mcp-session.js';
import { McpToolHost, offerTools, type ToolHost } from '../mcp/tool-host.js';
import { SharedReadCache } from '../mcp/shared-read-cache.js';
import { RememberingToolHost } from '../loop/remembering-tool-host.js';
import { selectTools } from '../mcp/tool-policy.js';
import type { ChatMessage, ChatModel } from '../model/types.js';
import { fileExists, writeFileAtomic } from '../output/write-atomic.js';
import { type CheckOptions, checkSuite } from '../robot/check-suite.js';
import { type CheckRun, openCheckRun, requireValidationTools } from './check-run.js';
import { extractSuite } from '../robot/extract-suite.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { createChatModel, openToolSession } from './default-seams.js';
import { renderPrompt } from './prompts.js';
import { readConventions } from './read-conventions.js';
import { RepositoryReader } from './repository-reader.js';
import type { RunSummary } from '../output/run-summary.js';

export type GenerateResult = RunSummary;

export interface GenerateDependencies {
  /** Replaces the OpenAI-compatible model, for tests and replays. */
  model?: ChatModel;
  /** Opens the tool session; by default the checkout of config.repo in process, or an MCP session over HTTP to config.mcp. */
  openSession?: () => Promise<ToolSession>;
  /** A spec already loaded (a replay's, kept in its recording); config.spec then only names it. */
  spec?: LoadedSpec;
  emit: EventSink;
  signal?: AbortSignal;
}

/** What a generation needs of an MCP session (an HTTP one, an in-process one, a replayed one). */
export type ToolSession = Pick<McpSession, 'listTools' | 'callTool' | 'close' | 'serverName'>;

/** The summary, and the error that ended the run when it failed (the CLI maps it to an exit code). */
export interface GenerateOutcome {
  result: GenerateResult;
  error?: unknown;
}

/** The tool session and the offered tools, opened once and shared by every generation of a run. */
export interface Workspace {
  readonly tools: ToolHost;
  /** Reads of read-only tools shared across generations (the conventions, common resources). */
  readonly cache: SharedReadCache;
  /** The Python helper, library sources and tools the checks of every generation share. */
  readonly checks: CheckRun;
  close(): Promise<void>;
}

/** Connects, lists the tools and decides which the model gets; says so through `emit`. */
export async function openWorkspace(
  config: GenerateConfig,
  deps: Pick<GenerateDependencies, 'openSession' | 'emit' | 'signal'>,
): Promise<Workspace> {
  // Python starts now, beside the connection and the first model round, not on the first check.
  const checks = openCheckRun({ validate: config.validate, placement: 'mirrored', signal: deps.signal });
  const opening = deps.openSession ? deps.openSession() : openToolSession(config, deps.emit);
  // Ctrl-C while connecting stops at once; the session, if it opens after all, is closed.
  const session = await untilAborted(opening, deps.signal).catch(async (error: unknown) => {
    await checks.close();
    void opening.then((late) => late.close(), () => undefined);
    throw error;
  });
  try {
    const catalogue = await untilAborted(session.listTools(), deps.signal);
    const selection = selectTools(catalogue, config.tools.policy);
    for (const warning of selection.warnings) deps.emit({ type: 'notice', message: warning });
    const offered = offerTools(selection.offered, injectionRules(config.tools));
    const readOnly = new Set(selection.verdicts.filter((verdict) => verdict.readOnly).map((verdict) => verdict.tool.name));
    const share = config.batch.shareReads !== false;
    const cache = new SharedReadCache(session.callTool.bind(session), (name) => share && readOnly.has(name));
    const tools = new McpToolHost({ callTool: cache.call.bind(cache) }, offered);
    deps.emit({
      type: 'info',
      message: `${session.serverName}: ${offered.length} of ${catalogue.length} tools offered to the model (${tools.definitions.map((tool) => tool.name).join(', ')})`,
    });
    return {
      tools,
      cache,
      checks,
      close: async () => {
        await Promise.all([checks.close(), session.close()]);
      },
    };
  } catch (error) {
    await Promise.all([checks.close(), session.close()]);
    throw error;
  }
}

/** One spec to one suite: checks the spec before connecting, and closes the session on every path out. */
export async function generate(config: GenerateConfig, deps: GenerateDependencies): Promise<GenerateOutcome> {
  return reported(config, async (stats) => {
    const target = await prepareTarget(config, deps.spec);
    const workspace = await openWorkspace(config, deps);
    try {
      return await produce(config, target, workspace, stats, deps);
    } finally {
      await workspace.close();
    }
  });
}

/** One spec of a batch, in a workspace the batch opened. */
export async function generateInWorkspace(
  config: GenerateConfig,
  workspace: Workspace,
  deps: GenerateDependencies,
): Promise<GenerateOutcome> {
  return reported(config, async (stats) => produce(config, await prepareTarget(config, deps.spec), workspace, stats, deps));
}

/** The outcome of a generation refused before it starts (a batch's clash of target paths). */
export function refusedGeneration(config: GenerateConfig, error: Error): Promise<GenerateOutcome> {
  return reported(config, () => Promise.reject(error));
}

interface Target {
  loaded: LoadedSpec;
  outputFile: string;
}

/** Everything that can be refused before a connection is made or a token spent. */
async function prepareTarget(config: GenerateConfig, preloaded: LoadedSpec | undefined): Promise<Target> {
  const loaded = preloaded ?? (await loadSpec(config.spec));
  const outputFile = resolveTargetPath(config.out, loaded.targetPath, config.spec);
  if (!config.dryRun && !config.force && (await fileExists(outputFile))) {
    throw new UsageError(`${outputFile} already exists; use --force to overwrite it`);
  }
  await requireValidationTools(config.validate);
  return { loaded, outputFile };
}

/** Times the run and turns its end, suite or error, into the summary. */
async function reported(
  config: GenerateConfig,
  run: (stats: ConversationStats) => Promise<{ suite: string; outputFile: string }>,
): Promise<GenerateOutcome> {
  const started = Date.now();
  const stats = emptyStats();
  try {
    const { suite, outputFile } = await run(stats);
    return { result: summary('ok', config, stats, started, { output: config.dryRun ? null : outputFile, content: suite }) };
  } catch (error) {
    return { result: summary('failed', config, stats, started, { output: null, error }), error };
  }
}

async function produce(
  config: GenerateConfig,
  { loaded, outputFile }: Target,
  workspace: Workspace,
  stats: ConversationStats,
  deps: GenerateDependencies,
): Promise<{ suite: string; outputFile: string }> {
  // Each generation remembers its own calls; the workspace cache sits below and spans the batch.
  const host = new RememberingToolHost(workspace.tools);
  const reader = new RepositoryReader(host, { timeoutMs: config.limits.toolTimeoutMs, signal: deps.signal });
  const conventions =
    config.conventionsPath === null
      ? undefined
      : await readConventions(reader, config.conventionsPath, {
          projectId: config.tools.projectId,
          ref: config.tools.ref,
          maxChars: config.limits.maxToolChars,
        });
  if (conventions === undefined) deps.emit({ type: 'notice', message: 'running without a conventions document (--conventions none)' });

  const result = await runConversation({
    model: deps.model ?? createChatModel(config),
    tools: host,
    messages: await firstMessages(config, loaded, conventions),
    limits: config.limits,
    checkAnswer: (reply) => checkAnswer(reply, { ...workspace.checks.options(reader.readOrUndefined), suitePath: loaded.targetPath, readFile: reader.readOrUndefined }),
    stats,
    emit: deps.emit,
    signal: deps.signal,
  });
  if (!config.dryRun) await writeFileAtomic(outputFile, result.suite, { overwrite: config.force, root: config.out });
  return { suite: result.suite, outputFile };
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

/** The suite in a reply, checked as Robot Framework; what fails goes back to the model. */
async function checkAnswer(reply: string, check: CheckOptions): Promise<AnswerVerdict> {
  const suite = extractSuite(reply);
  if (suite === undefined) {
    const problems = [{ line: 1, message: 'the reply holds no Robot Framework suite (no *** Settings *** or other section header)' }];
    return { ok: false, reason: 'the model answered without a Robot Framework suite', problems, feedback: await repairRequest(check.suitePath, problems) };
  }
  const result = await checkSuite(suite, check);
  if (!result.errors.length) return { ok: true, suite };
  const problems = result.errors.map((problem) => ({ line: problem.line, message: problem.message + suggestionText(problem.suggestions) }));
  return {
    ok: false,
    reason: `the suite still fails the Robot Framework checks (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
    problems,
    feedback: await repairRequest(check.suitePath, problems),
  };
}

function suggestionText(suggestions: readonly string[] | undefined): string {
  return suggestions?.length ? ` (nearest known keywords: ${suggestions.map((name) => `'${name}'`).join(', ')})` : '';
}

async function repairRequest(targetPath: string, problems: ReadonlyArray<{ line: number; message: string }>): Promise<string> {
  return renderPrompt('repair', {
    target_path: targetPath,
    problems: problems.map((problem) => `- line ${problem.line}: ${problem.message}`).join('\n'),
  });
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
