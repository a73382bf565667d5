// One generation, start to finish: spec → MCP session and tools → conventions
// → conversation → checked suite → written file (or printed, for a dry run).
// The workspace (session and offered tools) can be shared by a batch.

import path from 'node:path';
import { untilAborted } from '../abort.js';
import type { GenerateConfig } from '../config/resolve-config.js';
import { GenerationError, InterruptedError, errorLine } from '../errors.js';
import { emptyStats, type ConversationStats, type EventSink } from '../loop/events.js';
import { runConversation, type AnswerVerdict } from '../loop/run-conversation.js';
import { injectionRules } from '../mcp/injection.js';
import { McpToolHost, offerTools } from '../mcp/tool-host.js';
import type { ToolSession } from '../mcp/tool-session.js';
import { isOutcome, type ToolHost } from '../loop/tool-host.js';
import { SharedReadCache } from '../mcp/shared-read-cache.js';
import { RememberingToolHost } from '../loop/remembering-tool-host.js';
import { selectTools } from '../mcp/tool-policy.js';
import type { ChatMessage, ChatModel } from '../model/types.js';
import { assertWritablePath } from '../output/write-atomic.js';
import { SuiteManifest, specPathOf, type ManifestEntry } from '../output/manifest.js';
import { type CheckOptions, checkSuite } from '../robot/check-suite.js';
import { type CheckRun, openCheckRun, requireValidationTools } from './check-run.js';
import { extractSuite } from '../robot/extract-suite.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { TokenBudget } from '../loop/token-budget.js';
import { usageOf } from '../output/usage.js';
import { ConventionsPointer } from './conventions-pointer.js';
import { createChatModel, openToolSession } from './default-seams.js';
import { renderPrompt } from './prompts.js';
import { readConventions } from './read-conventions.js';
import { RepositoryReader } from './repository-reader.js';
import type { RunSummary, SuiteChange } from '../output/run-summary.js';
import { containsSecret, type Redactor } from '../output/redact.js';
import {
  RemovalRefusedError,
  findCurrentSuite,
  keepUpdate,
  updateAnswerCheck,
  updatePromptValues,
  type CurrentSuite,
} from './update-suite.js';
import { recordEntry, saveSuite } from './save-suite.js';
import { planTarget, type TargetPlan } from './suite-plan.js';
import { languageDescription, readRobotSettings, withRepositoryVariables } from './robot-settings.js';

export type GenerateResult = RunSummary;

export interface GenerateDependencies {
  /** Replaces the OpenAI-compatible model, for tests and replays. */
  model?: ChatModel;
  /** Opens the tool session; by default the checkout of config.repo in process, or an MCP session over HTTP to config.mcp. */
  openSession?: () => Promise<ToolSession>;
  /** A spec already loaded (a replay's, kept in its recording); config.spec then only names it. */
  spec?: LoadedSpec;
  /** The manifest of the output folder, shared by the specs of a batch; read from config.out when absent. */
  manifest?: SuiteManifest;
  emit: EventSink;
  signal?: AbortSignal;
  /** The run's redactor, made from config.secrets: what prints, writes transcripts and recordings uses it; OAuth adds its tokens. */
  redactor: Redactor;
  /** The tokens of the whole batch this generation belongs to (--max-batch-tokens). */
  batchBudget?: TokenBudget;
  /** Shape tool results for the model (on unless false); the bench turns it off to measure what shaping saves. */
  shapeResults?: boolean;
  /** Share read-only tool results across a batch (on unless false); the bench turns it off to measure what sharing saves. */
  shareReads?: boolean;
}

/** What a generation needs once its workspace (the tool session) is open. */
type WorkspaceDependencies = Omit<GenerateDependencies, 'openSession' | 'redactor'>;

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
  deps: Pick<GenerateDependencies, 'openSession' | 'emit' | 'signal' | 'shareReads' | 'redactor'>,
): Promise<Workspace> {
  // Python starts now, beside the connection and the first model round, not on the first check.
  const checks = openCheckRun({ validate: config.validate, placement: 'mirrored', signal: deps.signal });
  const opening = deps.openSession ? deps.openSession() : openToolSession(config, deps.emit, deps.redactor);
  // Ctrl-C while connecting stops at once; the session, if it opens after all, is closed.
  const session = await untilAborted(opening, deps.signal).catch(async (error: unknown) => {
    await checks.close();
    void opening.then(
      (late) => late.close(),
      () => undefined,
    );
    throw error;
  });
  try {
    const catalogue = await untilAborted(session.listTools(), deps.signal);
    const selection = selectTools(catalogue, config.tools.policy);
    for (const warning of selection.warnings) deps.emit({ type: 'notice', message: warning });
    const offered = offerTools(selection.offered, injectionRules(config.tools), { compact: !config.tools.fullSchemas });
    const readOnly = new Set(selection.verdicts.filter((verdict) => verdict.readOnly).map((verdict) => verdict.tool.name));
    const share = deps.shareReads !== false;
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
  // A single spec is a batch of one: --max-batch-tokens bounds it too.
  const batchBudget = deps.batchBudget ?? (config.batch.maxTokens === undefined ? undefined : new TokenBudget(config.batch.maxTokens));
  return reported(config, async (stats) => {
    const target = await prepareTarget(config, deps.spec, deps.manifest);
    if (target.plan.action === 'skip') return skip(config, target, target.plan.entry, deps.emit);
    const workspace = await openWorkspace(config, deps);
    try {
      return await produce(config, target, workspace, stats, { ...deps, batchBudget });
    } finally {
      await workspace.close();
    }
  });
}

/** One spec of a batch whose target the batch prepared, in a workspace the batch opened. */
export async function generateInWorkspace(
  config: GenerateConfig,
  target: Target,
  workspace: Workspace,
  deps: WorkspaceDependencies,
): Promise<GenerateOutcome> {
  return reported(config, async (stats) => produce(config, target, workspace, stats, deps));
}

/** The outcome of a spec whose suite is up to date (--changed-only): no connection, no model request. */
export function skippedGeneration(
  config: GenerateConfig,
  target: Target,
  entry: ManifestEntry,
  deps: Pick<GenerateDependencies, 'emit'>,
): Promise<GenerateOutcome> {
  return reported(config, async () => skip(config, target, entry, deps.emit));
}

/** The outcome of a generation refused before it starts (a batch's clash of target paths). */
export function refusedGeneration(config: GenerateConfig, error: unknown): Promise<GenerateOutcome> {
  return reported(config, () => {
    throw error;
  });
}

/** The outcome of a spec of a batch that never starts (the batch's token budget is spent): not run, not failed. */
export async function notRunGeneration(config: GenerateConfig, reason: Error): Promise<GenerateOutcome> {
  const { result } = await refusedGeneration(config, reason);
  return { result: { ...result, status: 'not-run' }, error: reason };
}

export interface Target {
  loaded: LoadedSpec;
  outputFile: string;
  plan: TargetPlan;
  manifest: SuiteManifest;
}

/** Everything that can be refused or skipped before a connection is made or a token spent. */
export async function prepareTarget(config: GenerateConfig, preloaded: LoadedSpec | undefined, shared?: SuiteManifest): Promise<Target> {
  const loaded = preloaded ?? (await loadSpec(config.spec));
  const outputFile = resolveTargetPath(config.out, loaded.targetPath, config.spec, loaded.targetField);
  if (!config.dryRun) await assertWritablePath(outputFile);
  const manifest = shared ?? (await SuiteManifest.open(config.out));
  const plan = await planTarget(config, loaded, outputFile, manifest);
  if (plan.action !== 'skip') await requireValidationTools(config.validate);
  return { loaded, outputFile, plan, manifest };
}

/** How a run ended: a suite (new, updated or confirmed), or a skip of one that is up to date. */
type RunEnd = { suite: string; outputFile: string; change?: SuiteChange; diff?: string } | { skipped: string };

/** Times the run and turns its end, suite, skip or error, into the summary. */
async function reported(config: GenerateConfig, run: (stats: ConversationStats) => Promise<RunEnd>): Promise<GenerateOutcome> {
  const started = Date.now();
  const stats = emptyStats();
  try {
    const end = await run(stats);
    if ('skipped' in end) return { result: summary('skipped', config, stats, started, { output: end.skipped }) };
    const { suite, outputFile, change, diff } = end;
    return { result: summary('ok', config, stats, started, { output: config.dryRun ? null : outputFile, content: suite, change, diff }) };
  } catch (error) {
    const change = error instanceof RemovalRefusedError ? error.change : undefined;
    return { result: summary('failed', config, stats, started, { output: null, error, change }), error };
  }
}

/** A suite up to date: its manifest entry follows a spec that was moved or renamed, nothing else happens. */
async function skip(
  config: GenerateConfig,
  { loaded, outputFile, manifest }: Target,
  entry: ManifestEntry,
  emit: EventSink,
): Promise<RunEnd> {
  const specId = loaded.spec.id ?? null;
  const spec = specPathOf(loaded.file);
  if (!config.dryRun && (entry.spec !== spec || entry.specId !== specId)) await recordEntry(manifest, { ...entry, spec, specId }, emit);
  return { skipped: outputFile };
}

async function produce(
  config: GenerateConfig,
  target: Target,
  workspace: Workspace,
  stats: ConversationStats,
  deps: WorkspaceDependencies,
): Promise<RunEnd> {
  const { loaded, outputFile, plan } = target;
  // Each generation remembers its own calls; the workspace cache sits below and spans the batch.
  const host = new RememberingToolHost(workspace.tools);
  const reader = new RepositoryReader(host, { timeoutMs: config.limits.toolTimeoutMs, signal: deps.signal });
  const [conventions, robot] = await Promise.all([
    config.conventionsPath === null
      ? undefined
      : readConventions(reader, config.conventionsPath, {
          projectId: config.tools.projectId,
          ref: config.tools.ref,
          maxChars: config.limits.maxToolChars,
        }),
    readRobotSettings(reader, config),
  ]);
  if (conventions === undefined) deps.emit({ type: 'notice', message: 'running without a conventions document (--conventions none)' });
  for (const problem of robot.problems) deps.emit({ type: 'notice', message: `${problem}; checking without it` });
  const current = plan.action === 'update' ? await findCurrentSuite(plan.onDisk, reader, loaded.targetPath, deps.emit) : undefined;

  const check = async (reply: string): Promise<AnswerVerdict> =>
    checkAnswer(reply, {
      // The run's helper, library sources (their answers cached for the batch) and tools.
      ...workspace.checks.options(reader.readOrUndefined),
      suitePath: loaded.targetPath,
      readFile: reader.readOrUndefined,
      origin: 'generated',
      project: await withRepositoryVariables(robot.project, reader),
      secrets: config.secrets,
      signal: deps.signal,
    });
  const result = await runConversation({
    model: deps.model ?? createChatModel(config),
    tools: conventions === undefined ? host : await pointConventions(config, host, reader),
    messages: await firstMessages(config, loaded, conventions, languageDescription(robot.project), current),
    limits: config.limits,
    checkAnswer: current ? updateAnswerCheck(current, check) : check,
    stats,
    emit: deps.emit,
    signal: deps.signal,
    batchBudget: deps.batchBudget,
    shapeResults: deps.shapeResults,
  });
  // After Ctrl-C nothing is written, however far the run got.
  if (deps.signal?.aborted) throw new InterruptedError();
  if (current) return { ...(await keepUpdate(config, target, current, result.suite, deps.emit)), outputFile };
  await saveSuite(config, target, result.suite, { write: true, overwrite: config.force }, target.manifest, deps.emit);
  return { suite: result.suite, outputFile };
}

/** The model's reads of the conventions answered with a pointer to the first message; writer's own read shows what to look for. */
async function pointConventions(config: GenerateConfig, host: ToolHost, reader: RepositoryReader): Promise<ToolHost> {
  const conventionsPath = config.conventionsPath;
  if (conventionsPath === null) return host;
  const read = reader.prepareRead(conventionsPath);
  if (!read || isOutcome(read)) return host;
  const pointer = await renderPrompt('conventions-pointer', runWideValues(config));
  return new ConventionsPointer(host, read, conventionsPath, pointer.trimEnd());
}

/** What every spec of a run shares; only these may go before the spec, so that prompts begin alike (prefix caches). */
function runWideValues(config: GenerateConfig): Record<string, string> {
  return {
    project: config.tools.projectId ?? 'as configured on the server',
    ref: config.tools.ref ?? 'the default branch',
    conventions_path: config.conventionsPath ?? 'none',
  };
}

/**
 * The system prompt and the conventions, the same for every spec and every round, then the spec:
 * a provider's prefix cache serves everything before the spec again at a discount.
 */
async function firstMessages(
  config: GenerateConfig,
  loaded: LoadedSpec,
  conventions: string | undefined,
  languages: string | undefined,
  current?: CurrentSuite,
): Promise<ChatMessage[]> {
  const runWide = runWideValues(config);
  // The repository's languages are the same for every spec of a run: they may go before the spec.
  const languageNote = languages === undefined ? '' : `\n\n${(await renderPrompt('language', { languages })).trimEnd()}`;
  const conventionsSection =
    conventions === undefined
      ? await renderPrompt('conventions-missing', {})
      : await renderPrompt('conventions-included', { ...runWide, conventions: conventions.trimEnd() });
  return [
    { role: 'system', content: await renderPrompt('system', runWide) },
    {
      role: 'user',
      content: await renderPrompt(current ? 'update' : 'user', {
        conventions_section: conventionsSection.trimEnd() + languageNote,
        target_path: loaded.targetPath,
        target_dir: path.posix.dirname(loaded.targetPath),
        spec_file: path.basename(loaded.file),
        spec_json: JSON.stringify(loaded.spec, null, 2),
        ...(current ? updatePromptValues(current) : {}),
      }),
    },
  ];
}

/** The suite in a reply, checked as Robot Framework; what fails goes back to the model. */
async function checkAnswer(
  reply: string,
  check: CheckOptions & {
    /** The run's credentials: a suite that holds one is never written. */
    secrets: readonly string[];
  },
): Promise<AnswerVerdict> {
  const suite = extractSuite(reply);
  if (suite === undefined) {
    const problems = [{ line: 1, message: 'the reply holds no Robot Framework suite (no *** Settings *** or other section header)' }];
    return {
      ok: false,
      reason: 'the model answered without a Robot Framework suite',
      problems,
      feedback: await repairRequest(check.suitePath, problems),
    };
  }
  const { secrets, ...options } = check;
  const result = await checkSuite(suite, options);
  const errors = [...secretFindings(suite, secrets), ...result.errors].sort((a, b) => a.line - b.line);
  if (!errors.length) return { ok: true, suite };
  const problems = errors.map((problem) => ({ line: problem.line, message: problem.message + suggestionText(problem.suggestions) }));
  return {
    ok: false,
    reason: `the suite still fails the Robot Framework checks (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
    problems,
    feedback: await repairRequest(check.suitePath, problems),
  };
}

/** Lines of the suite that hold a credential of this run (the API key, an MCP token or header): never written to disk. */
function secretFindings(suite: string, secrets: readonly string[]): Array<{ line: number; message: string; suggestions?: string[] }> {
  if (!containsSecret(suite, secrets)) return [];
  const message = 'holds a credential of this run (the API key or an MCP token); a suite never contains credentials: use a variable';
  const lines = suite.split('\n').flatMap((text, index) => (containsSecret(text, secrets) ? [{ line: index + 1, message }] : []));
  // A credential split over continued lines is still one.
  return lines.length ? lines : [{ line: 1, message }];
}

function suggestionText(suggestions: readonly string[] | undefined): string {
  return suggestions?.length ? ` (nearest known names: ${suggestions.map((name) => `'${name}'`).join(', ')})` : '';
}

async function repairRequest(targetPath: string, problems: ReadonlyArray<{ line: number; message: string }>): Promise<string> {
  return renderPrompt('repair', {
    target_path: targetPath,
    problems: problems.map((problem) => `- line ${problem.line}: ${problem.message}`).join('\n'),
  });
}

function summary(
  status: GenerateResult['status'],
  config: GenerateConfig,
  stats: ConversationStats,
  started: number,
  extra: { output: string | null; content?: string; error?: unknown; change?: SuiteChange; diff?: string },
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
    usage: usageOf(
      {
        promptTokens: stats.promptTokens,
        completionTokens: stats.completionTokens,
        cachedTokens: stats.cachedTokens,
        estimated: stats.estimatedTokens,
      },
      config.prices,
    ),
    durationMs: Date.now() - started,
    error: extra.error === undefined ? null : errorLine(extra.error),
    ...(problems?.length ? { problems: [...problems] } : {}),
    ...(config.dryRun && extra.content !== undefined ? { content: extra.content } : {}),
    ...(extra.change ?? {}),
    ...(config.dryRun && extra.diff !== undefined ? { diff: extra.diff } : {}),
  };
}
