// --update: the model gets the suite as it is (from the output folder, else from
// the repository through the tools) with the spec, and is asked for the smallest
// change. Its answer is then compared with the old suite: an update that drops
// test cases or keywords the spec does not name in rf.remove is refused, and a
// suite that already matches is left byte for byte.

import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import type { GenerateConfig } from '../config/resolve-config.js';
import { GenerationError } from '../errors.js';
import type { EventSink } from '../loop/events.js';
import type { AnswerVerdict } from '../loop/run-conversation.js';
import type { SuiteChange } from '../output/run-summary.js';
import { extractSuite, normaliseSuite } from '../robot/extract-suite.js';
import { compareOutlines, namedIn, suiteOutline, type SuiteItem } from '../robot/suite-outline.js';
import type { SuiteManifest } from '../output/manifest.js';
import type { RepositoryReader } from './repository-reader.js';
import { saveSuite, type SuiteTarget } from './save-suite.js';

/** An update would drop test cases or keywords the spec does not ask to remove; nothing was written. */
export class RemovalRefusedError extends GenerationError {
  constructor(
    message: string,
    readonly change: SuiteChange,
  ) {
    super(message);
  }
}

/** How the model says the suite needs no change: this line alone, as prompts/update.md asks. */
export const ALREADY_MATCHES = 'SUITE_ALREADY_MATCHES';
/** Lines of context around each change in the diff of a dry run, as `diff -u` shows them. */
const DIFF_CONTEXT_LINES = 3;

export interface CurrentSuite {
  text: string;
  source: 'disk' | 'repository';
}

export interface UpdateOutcome {
  /** The suite to keep: the old text itself when nothing changed. */
  suite: string;
  change: SuiteChange;
  /** Unified diff from the old suite to the new; empty when nothing changed. */
  diff: string;
}

/** The suite to update: the one on disk, else the repository's; undefined when neither has one. */
export async function findCurrentSuite(
  onDisk: string | undefined,
  reader: RepositoryReader,
  targetPath: string,
  emit: EventSink,
): Promise<CurrentSuite | undefined> {
  if (onDisk !== undefined) return { text: onDisk, source: 'disk' };
  const read = await reader.read(targetPath);
  if (read.ok) {
    emit({ type: 'info', message: `updating ${targetPath} as it is in the repository (it is not in the output folder)` });
    return { text: read.text, source: 'repository' };
  }
  emit({ type: 'notice', message: `no suite at ${targetPath} in the output folder or the repository: writing a new one` });
  return undefined;
}

/** What prompts/update.md needs beyond the new-suite prompt's values. */
export function updatePromptValues(current: CurrentSuite): Record<string, string> {
  return {
    current_suite: current.text.trimEnd(),
    suite_source: current.source === 'disk' ? 'from the output folder' : 'from the repository',
    already_matches: ALREADY_MATCHES,
  };
}

/** The answer check of an update: "already matches" stands for the old suite; anything else is checked as a suite. */
export function updateAnswerCheck(
  current: CurrentSuite,
  check: (reply: string) => Promise<AnswerVerdict>,
): (reply: string) => Promise<AnswerVerdict> {
  return async (reply) => (saysAlreadyMatches(reply) ? { ok: true, suite: current.text } : check(reply));
}

/** The marker on a line of its own (models like to put it in backticks or bold) and no suite. */
export function saysAlreadyMatches(reply: string): boolean {
  if (extractSuite(reply) !== undefined) return false;
  return reply.split(/\r?\n/).some((line) => line.replace(/[`*_\s]/g, '') === ALREADY_MATCHES.replace(/_/g, ''));
}

/**
 * Compares the answer with the old suite. Throws when test cases or keywords
 * went that the spec does not name in `removable`, unless removals are allowed.
 */
export function judgeUpdate(
  current: CurrentSuite,
  answer: string,
  options: { targetPath: string; removable: readonly string[]; allowRemovals: boolean },
): UpdateOutcome {
  // The answer comes normalised (trailing spaces, line ends); the file on disk need not be.
  if (answer === current.text || answer === normaliseSuite(current.text)) {
    return { suite: current.text, change: { changed: false, added: [], removed: [] }, diff: '' };
  }
  const { added, removed } = compareOutlines(suiteOutline(current.text), suiteOutline(answer));
  const change = { changed: true, added, removed };
  const refused = removed.filter((item) => !namedIn(item, options.removable));
  if (refused.length && !options.allowRemovals) {
    throw new RemovalRefusedError(
      `the update removes ${describeItems(refused)}, which the spec does not ask to remove (rf.remove); ` +
        `${options.targetPath} is left as it was (--allow-removals accepts the update)`,
      change,
    );
  }
  return { suite: answer, change, diff: unifiedDiff(options.targetPath, current.text, answer) };
}

/** Judges the answer, then keeps it: written and recorded when it changed, the old suite left as it is (and recorded) when not. */
export async function keepUpdate(
  config: GenerateConfig,
  target: SuiteTarget & { manifest: SuiteManifest },
  current: CurrentSuite,
  answer: string,
  emit: EventSink,
): Promise<UpdateOutcome> {
  const update = judgeUpdate(current, answer, {
    targetPath: target.loaded.targetPath,
    removable: target.loaded.spec.rf?.remove ?? [],
    allowRemovals: config.allowRemovals === true,
  });
  if (update.change.removed.length) emit({ type: 'notice', message: `the update removes ${describeItems(update.change.removed)}` });
  // A suite read from the repository is new to the output folder even when unchanged.
  const write = update.change.changed || current.source === 'repository';
  await saveSuite(config, target, update.suite, { write, overwrite: current.source === 'disk' }, target.manifest, emit);
  return update;
}

export function unifiedDiff(targetPath: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${targetPath}`, `b/${targetPath}`, before, after, undefined, undefined, {
    context: DIFF_CONTEXT_LINES,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** `test case 'A', keyword 'B'`. */
export function describeItems(items: readonly SuiteItem[]): string {
  return items.map((item) => `${item.kind === 'test' ? 'test case' : 'keyword'} '${item.name}'`).join(', ');
}
