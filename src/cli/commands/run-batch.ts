// A batch of specs: live lines per spec on a terminal or prefixed plain lines
// in CI, then the summary table, the orphaned suites, the JSON report and the
// JUnit file.

import type { ChalkInstance } from 'chalk';
import { generateBatch, type BatchEntry } from '../../app/batch.js';
import { settleOrphans, type Orphan } from '../../app/orphans.js';
import { selectShard, type Shard } from '../../app/shard.js';
import type { GenerateConfig } from '../../config/resolve-config.js';
import { EXIT_INTERRUPTED, EXIT_NO_SUITE, EXIT_OK, UsageError, errorLine } from '../../errors.js';
import { junitReport } from '../../output/junit.js';
import { printable, printableJson, printableLine } from '../../printable.js';
import { redactDeep, type Redactor } from '../../output/redact.js';
import { totalUsage } from '../../output/usage.js';
import { writeFileAtomic } from '../../output/write-atomic.js';
import { BatchBoard } from '../batch-board.js';
import { batchTable, orphanLines } from '../batch-summary.js';
import { outcomeText } from '../outcome-text.js';
import { onInterrupt } from '../interrupt.js';
import { createRenderer } from '../render.js';
import { liveTerminal, paintFor } from '../terminal.js';

export async function runBatch(
  config: GenerateConfig,
  allFiles: readonly string[],
  shard: Shard | undefined,
  redactor: Redactor,
): Promise<number> {
  if (config.transcript || config.record) {
    throw new UsageError(`--transcript and --record take one spec; --spec names ${allFiles.length} (a folder or glob is a batch)`);
  }
  const files = selectShard(allFiles, shard);
  const stream = process.stderr;
  const tty = liveTerminal(stream, process.env);
  const paint = paintFor(stream, process.env);
  const { redact } = redactor;
  const main = createRenderer({ redactor });
  const say = (text: string): void => void stream.write(redact(text) + '\n');
  say(
    `${files.length} spec(s)${shard ? ` in shard ${shard.index}/${shard.total} (of ${allFiles.length})` : ''}, ` +
      `${Math.min(config.batch.concurrency, files.length)} at a time`,
  );

  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    main.notice('interrupted: stopping every generation');
    controller.abort();
  });
  const board = tty ? new BatchBoard(stream, paint, redact) : undefined;
  try {
    const { entries, reads } = files.length
      ? await generateBatch(config, files, {
          signal: controller.signal,
          redactor,
          emit: (event) => {
            if (board && event.type === 'notice') board.print(paint.yellow(`! ${printableLine(event.message)}`));
            else if (board && event.type === 'info') board.print(paint.dim(printableLine(event.message)));
            else main.emit(event);
          },
          emitFor: (file, label) => {
            if (board)
              return (event) =>
                event.type === 'notice' ? board.print(printableLine(`[${label}] ! ${event.message}`)) : board.update(file, event);
            return createRenderer({ redactor, prefix: label }).emit;
          },
          onStart: (file, label) => (board ? board.start(file, label) : say(`[${label}] started (${file})`)),
          onDone: (entry) => report(entry, board, say, paint, redact),
        })
      : { entries: [] as BatchEntry[], reads: { serverCalls: 0, shared: 0 } };
    board?.stop();

    for (const line of batchTable(entries, { redact, dryRun: config.dryRun })) say(printableLine(line));
    if (reads.serverCalls || reads.shared)
      say(paint.dim(`repository reads: ${reads.serverCalls} sent to the server, ${reads.shared} shared between specs`));
    // Every spec --spec names counts, those of other shards too: a suite one of them writes is never an orphan.
    const orphans = controller.signal.aborted
      ? []
      : await settleOrphans(config, allFiles).catch((failure: unknown): Orphan[] => {
          main.notice(`orphaned suites were not looked for: ${errorLine(failure)}`);
          return [];
        });
    for (const line of orphanLines(orphans, config.out)) say(line);
    const count = (status: BatchEntry['result']['status']): number => entries.filter((entry) => entry.result.status === status).length;
    if (config.dryRun && !config.json) {
      // Each suite (an update: its diff) under a comment naming its spec, so the output still reads as Robot Framework.
      for (const entry of entries) {
        const shown = entry.result.diff ?? entry.result.content;
        if (shown !== undefined)
          process.stdout.write(`# ---- ${printableLine(`${entry.file} (${entry.label})`)} ----\n${printable(redact(shown))}\n`);
      }
    }
    const notRun = entries.filter((entry) => entry.result.status === 'not-run').length;
    const usage = totalUsage(entries.map((entry) => entry.result.usage));
    if (config.json) {
      const report = {
        results: entries.map((entry) => entry.result),
        ok: count('ok'),
        failed: count('failed'),
        skipped: count('skipped'),
        notRun,
        usage,
        orphans,
      };
      process.stdout.write(printableJson(redactDeep(report, redact)) + '\n');
    }
    if (config.batch.junit) {
      const report = junitReport(
        entries.map((entry) => ({ name: entry.label, file: entry.file, result: entry.result })),
        redact,
      );
      // A report that cannot be written is said, not a reason to fail suites that were written.
      await writeFileAtomic(config.batch.junit, report, { overwrite: true }).catch((failure: unknown) => {
        main.notice(`the JUnit report was not written: ${errorLine(failure)}`);
      });
    }
    if (controller.signal.aborted) return EXIT_INTERRUPTED;
    return count('failed') + notRun === 0 ? EXIT_OK : EXIT_NO_SUITE;
  } finally {
    board?.stop();
    stopListening();
  }
}

function report(
  entry: BatchEntry,
  board: BatchBoard | undefined,
  say: (text: string) => void,
  paint: ChalkInstance,
  redact: (text: string) => string,
): void {
  const { result } = entry;
  if (result.status === 'not-run') {
    // Never started, so it has no line on the board to finish.
    (board ? (text: string) => board.print(text) : say)(printableLine(`[${entry.label}] – ${errorLine(result.error, redact)}`));
    return;
  }
  const detail = printableLine(result.status === 'failed' ? errorLine(result.error, redact) : outcomeText(result, 'suite ready (dry run)'));
  if (board) {
    board.finish(entry.file, result.status !== 'failed', detail);
    return;
  }
  const mark = result.status === 'ok' ? paint.green('✓') : result.status === 'skipped' ? paint.dim('–') : paint.red('✗');
  say(`[${entry.label}] ${mark} ${detail}`);
  for (const problem of result.problems ?? []) say(`[${entry.label}]   line ${problem.line}: ${printableLine(problem.message)}`);
}
