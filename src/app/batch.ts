// Many specs in one run: one tool session and catalogue for the batch, reads
// shared across specs, a bounded number of generations at once, and a failure
// in one spec never stopping the others. Specs whose suite is up to date
// (--changed-only) are skipped before the session opens; when all are, it never does.

import path from 'node:path';
import type { GenerateConfig } from '../config/resolve-config.js';
import type { EventSink } from '../loop/events.js';
import { mapLimit } from '../loop/map-limit.js';
import type { ReadCacheStats } from '../mcp/shared-read-cache.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import { GenerationError, UsageError } from '../errors.js';
import { SuiteManifest } from '../output/manifest.js';
import { printableLine } from '../printable.js';
import { resolveTargetPath } from '../spec/target-path.js';
import { TokenBudget } from '../loop/token-budget.js';
import {
  generateInWorkspace,
  notRunGeneration,
  openWorkspace,
  prepareTarget,
  refusedGeneration,
  skippedGeneration,
  type GenerateDependencies,
  type GenerateOutcome,
  type Target,
  type Workspace,
} from './generate.js';

export interface BatchEntry extends GenerateOutcome {
  file: string;
  /** The spec's id when it has one, else its file name: how progress lines and reports name it. */
  label: string;
}

export interface BatchOutcome {
  entries: BatchEntry[];
  reads: ReadCacheStats;
}

export interface BatchDependencies extends Pick<
  GenerateDependencies,
  'openSession' | 'signal' | 'shapeResults' | 'shareReads' | 'redactor'
> {
  /** Events about the whole batch (the session, the tool set). */
  emit: EventSink;
  /** Where the events of one spec go. */
  emitFor(file: string, label: string): EventSink;
  onStart?(file: string, label: string): void;
  onDone?(entry: BatchEntry): void;
}

/** Opening the session is the only failure that stops the whole batch; it is thrown. */
export async function generateBatch(config: GenerateConfig, files: readonly string[], deps: BatchDependencies): Promise<BatchOutcome> {
  // Each spec is read once, here: for its label, for the clash check, and for its generation.
  const specs = new Map(await Promise.all(files.map(async (file) => [file, await loadSpec(file).catch(() => undefined)] as const)));
  const clashes = targetClashes(config, specs);
  // One manifest for the batch, so its specs record their suites one after the other.
  const manifest = await SuiteManifest.open(config.out);
  // A spec that cannot be read or placed keeps its error, which its entry reports.
  const prepared = new Map(
    await Promise.all(
      files.map(async (file) => {
        const target = prepareTarget({ ...config, spec: file }, specs.get(file), manifest);
        return [
          file,
          await target.then(
            (ready): Prepared => ({ target: ready }),
            (error: unknown): Prepared => ({ error }),
          ),
        ] as const;
      }),
    ),
  );
  const needsModel = files.some((file) => {
    const ready = prepared.get(file);
    return !clashes.has(file) && ready !== undefined && 'target' in ready && ready.target.plan.action !== 'skip';
  });
  const workspace = needsModel ? await openWorkspace(config, deps) : undefined;
  const budget = config.batch.maxTokens === undefined ? undefined : new TokenBudget(config.batch.maxTokens);
  try {
    const entries = await mapLimit(files, config.batch.concurrency, async (file) => {
      const label = specLabel(file, specs.get(file));
      const specConfig = { ...config, spec: file };
      const ready = prepared.get(file) as Prepared;
      if (budget?.spent && !('target' in ready && ready.target.plan.action === 'skip')) {
        // Suites written so far stay; what has not started is reported, not tried.
        const reason = new GenerationError(
          `not run: the batch's token budget is spent (${budget.used} tokens used, --max-batch-tokens ${budget.limit})`,
        );
        const entry = { ...(await notRunGeneration(specConfig, reason)), file, label };
        deps.onDone?.(entry);
        return entry;
      }
      deps.onStart?.(file, label);
      const outcome = await outcomeOf(specConfig, ready, clashes.get(file), workspace, {
        emit: deps.emitFor(file, label),
        signal: deps.signal,
        batchBudget: budget,
        shapeResults: deps.shapeResults,
      });
      const entry = { ...outcome, file, label };
      deps.onDone?.(entry);
      return entry;
    });
    return { entries, reads: workspace ? { ...workspace.cache.stats } : { serverCalls: 0, shared: 0 } };
  } finally {
    await workspace?.close();
  }
}

type Prepared = { target: Target } | { error: unknown };

function outcomeOf(
  config: GenerateConfig,
  prepared: Prepared,
  clash: UsageError | undefined,
  workspace: Workspace | undefined,
  deps: Pick<GenerateDependencies, 'emit' | 'signal' | 'batchBudget' | 'shapeResults'>,
): Promise<GenerateOutcome> {
  if (clash) return refusedGeneration(config, clash);
  if ('error' in prepared) return refusedGeneration(config, prepared.error);
  if (prepared.target.plan.action === 'skip') return skippedGeneration(config, prepared.target, prepared.target.plan.entry, deps);
  // Opened whenever a target needs a generation.
  return generateInWorkspace(config, prepared.target, workspace as Workspace, deps);
}

/**
 * Specs that would write the same file (several without rf.target_path share the
 * default): refused before any token is spent, since only one suite could survive.
 */
function targetClashes(config: GenerateConfig, specs: ReadonlyMap<string, LoadedSpec | undefined>): Map<string, UsageError> {
  const byTarget = new Map<string, string[]>();
  for (const [file, spec] of specs) {
    if (!spec) continue;
    try {
      const target = resolveTargetPath(config.out, spec.targetPath, file, spec.targetField);
      byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
    } catch {
      // A spec that cannot be placed fails in its own generation, with its own message.
    }
  }
  const clashes = new Map<string, UsageError>();
  for (const [target, sharing] of byTarget) {
    if (sharing.length < 2) continue;
    for (const file of sharing) {
      const others = sharing.filter((other) => other !== file).join(', ');
      clashes.set(file, new UsageError(`${file}: writes ${target}, as ${others} does; give each spec its own rf.target_path`));
    }
  }
  return clashes;
}

/** The spec's id when it has one, else its file name. */
/** How reports name a spec: its id, else its file name. */
export function specLabel(file: string, spec: LoadedSpec | undefined): string {
  const id = spec?.spec.id;
  // The id comes from a planner and is printed on every line of the spec: never with control characters.
  return id !== undefined && String(id).trim() ? printableLine(String(id)) : printableLine(path.basename(file, '.json'));
}
