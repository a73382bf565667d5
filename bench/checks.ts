// Scenario 7: the time the built-in checks add to one generation (no Python): one check
// of a generated suite against the example repository, read from disk as `--repo` would,
// with and without a resource that imports a third-party library; and `writer lint` over
// the valid corpus as a folder, each resource in the namespace of its importing suites.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { lintFiles } from '../src/app/lint.js';
import { checkSuite } from '../src/robot/check-suite.js';
import { CANCEL_ORDER_SUITE } from '../test/helpers/suites.js';
import { median } from './format.js';

const RUNS = 25;
const REPO = fileURLToPath(new URL('../examples/robot-repo/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../test/fixtures/robot-corpus/valid/', import.meta.url));
const REPORTS =
  '*** Settings ***\nLibrary    DatabaseLibrary\n\n*** Keywords ***\nRun Report Query\n    [Arguments]    ${name}\n    Log    ${name}\n';
const WITH_THIRD_PARTY = CANCEL_ORDER_SUITE.replace(
  'Resource          ../../resources/orders.resource\n',
  'Resource          ../../resources/orders.resource\nResource          ../../resources/reports.resource\n',
).concat('    Run Report Query    cancelled    ${ITEM}\n    Open Browser    x\n');

export interface CheckFigures {
  runs: number;
  /** Median of one built-in check of the example suite, its two resources read from disk. */
  exampleMs: number;
  /** The same with a resource importing DatabaseLibrary, an argument-count error and an unknown call. */
  thirdPartyMs: number;
  lintFiles: number;
  lintMs: number;
}

export async function benchChecks(): Promise<CheckFigures> {
  const readRepo = async (file: string): Promise<string | undefined> => {
    if (file === 'resources/reports.resource') return REPORTS;
    return readFile(path.join(REPO, file), 'utf8').catch(() => undefined);
  };
  const options = { suitePath: 'tests/orders/cancel_order.robot', readFile: readRepo, validate: 'builtin' as const };
  const time = async (text: string): Promise<number> => {
    await checkSuite(text, options);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const result = await checkSuite(text, options);
      times.push(performance.now() - started);
      if (text === CANCEL_ORDER_SUITE && result.errors.length > 0)
        throw new Error(`the example suite fails its checks: ${result.errors[0]!.message}`);
    }
    return median(times);
  };
  const exampleMs = await time(CANCEL_ORDER_SUITE);
  const thirdPartyMs = await time(WITH_THIRD_PARTY);
  const started = performance.now();
  const report = await lintFiles([CORPUS], { validate: 'builtin' });
  const lintMs = performance.now() - started;
  if (report.files.some((file) => file.errors.length > 0)) throw new Error('the valid corpus has errors');
  return { runs: RUNS, exampleMs, thirdPartyMs, lintFiles: report.files.length, lintMs };
}
