// The generate command's action, loaded only when it runs: resolve the
// configuration and the specs, then run one generation or a batch.

import { generate } from '../../app/generate.js';
import { generateRecorded } from '../../app/record-generation.js';
import { loadConfigFile } from '../../config/config-file.js';
import { resolveConfig, type Flags, type GenerateConfig } from '../../config/resolve-config.js';
import { checkLanguages } from '../../app/robot-settings.js';
import { EXIT_OK, UsageError, errorLine } from '../../errors.js';
import { selectShard, shardFrom } from '../../app/shard.js';
import { specLabel } from '../../app/batch.js';
import { loadSpec } from '../../spec/load-spec.js';
import { junitReport } from '../../output/junit.js';
import { TranscriptRecorder } from '../../output/transcript.js';
import type { Redactor } from '../../output/redact.js';
import { assertNotSpecial, writeFileAtomic } from '../../output/write-atomic.js';
import { findSpecs } from '../../spec/find-specs.js';
import { configFlag } from '../options.js';
import { presentRun } from './present-run.js';
import { runBatch } from './run-batch.js';

export async function runGenerate(flags: Flags, redactor: Redactor): Promise<number> {
  const fileSettings = await loadConfigFile(configFlag(flags), process.env);
  const settings = resolveConfig(flags, process.env, fileSettings);
  redactor.add(settings.secrets);
  checkLanguages(settings.robot.languages);
  // A report in place of a folder or a FIFO can never be written: refused before any work is spent.
  // Other failures to write one are warnings once the run is over, not a reason to fail it.
  for (const report of [settings.transcript, settings.record, settings.batch.junit]) {
    if (report !== undefined) await assertNotSpecial(report);
  }
  const found = await findSpecs(settings.specPatterns);
  const shard = shardFrom(settings.batch.shard, process.env);
  if (found.batch) return runBatch(settings, found.files, shard, redactor);
  if (settings.prune)
    throw new UsageError('--prune deletes the orphaned suites of a batch; --spec names one file (name the folder or a glob of the specs)');
  const spec = found.files[0] ?? settings.spec;
  if (!selectShard([spec], shard).length) {
    process.stderr.write(`shard ${shard?.index}/${shard?.total} holds none of the 1 spec(s); nothing to do\n`);
    return EXIT_OK;
  }
  return runSingle({ ...settings, spec }, redactor);
}

function runSingle(config: GenerateConfig, redactor: Redactor): Promise<number> {
  const transcript = config.transcript ? new TranscriptRecorder(config, redactor) : undefined;
  return presentRun(
    {
      json: config.json,
      dryRun: config.dryRun,
      redactor,
      onEvent: transcript ? (event) => transcript.record(event) : undefined,
      after: async (result, { redact, warn }) => {
        // Written whatever the outcome: a failed run is when a transcript is most useful.
        if (transcript && config.transcript) {
          await transcript.write(config.transcript, result).catch((failure: unknown) => {
            warn(`the transcript was not written: ${errorLine(failure)}`);
          });
        }
        if (config.batch.junit) {
          // Named as a batch names its specs; a spec that cannot be read is named by its file.
          const name = specLabel(config.spec, await loadSpec(config.spec).catch(() => undefined));
          const junit = junitReport([{ name, file: config.spec, result }], redact);
          await writeFileAtomic(config.batch.junit, junit, { overwrite: true }).catch((failure: unknown) => {
            warn(`the JUnit report was not written: ${errorLine(failure)}`);
          });
        }
      },
    },
    (deps) => (config.record ? generateRecorded(config, config.record, deps) : generate(config, deps)),
  );
}
