import { describe, expect, it } from 'vitest';

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { openCheckRun } from '../../../src/app/check-run.js';
import { type CheckOptions, checkSuite } from '../../../src/robot/check-suite.js';
import { standardLibraries } from '../../../src/robot/standard-library-resolver.js';
import { pythonInterpreter, sharedPythonHelper } from '../../../src/python/python-helper.js';
import { parseWithRobot, robotParserAvailable } from '../../../src/robot/robot-parser.js';
import { CORPUS_DIR, corpusFiles, readCorpusFile } from './corpus.js';

const valid = corpusFiles('valid');
const broken = corpusFiles('broken');
const python = sharedPythonHelper();
const robotInstalled = await robotParserAvailable(python);

/** As `writer lint --validate builtin --pythonpath pythonpath` checks the corpus: every library source that needs no Python. */
const run = openCheckRun({ validate: 'builtin', placement: 'in-place' });
const asLinted = (name: string): CheckOptions => ({
  ...run.options(readCorpusFile),
  suitePath: name,
  readFile: readCorpusFile,
  project: { pythonPath: ['pythonpath'] },
});

const problemsOf = (list: ReadonlyArray<{ line: number; message: string }>): Array<[number, string]> =>
  list.map((problem) => [problem.line, problem.message]);

describe('the corpus', () => {
  it('has valid and broken files, every broken one declaring what it expects', () => {
    expect(valid.length).toBeGreaterThanOrEqual(12);
    expect(broken.length).toBeGreaterThanOrEqual(20);
    for (const file of broken) expect(file.expected, file.name).not.toEqual([]);
  });
});

describe('built-in checks on the corpus', () => {
  it.each(valid.map((file) => [file.name, file] as const))('%s has no errors', async (_name, file) => {
    const result = await checkSuite(file.text, asLinted(file.name));
    expect(problemsOf(result.errors)).toEqual([]);
  });

  it.each(broken.map((file) => [file.name, file] as const))('%s has exactly its expected errors', async (_name, file) => {
    const result = await checkSuite(file.text, asLinted(file.name));
    expect(result.errors.map((problem) => problem.line)).toEqual(file.expected.map((expectation) => expectation.line));
    result.errors.forEach((problem, index) => {
      expect(problem.message).toContain(file.expected[index]!.fragment);
    });
  });

  it('knows every library of the third-party suite from the library sources', async () => {
    const file = valid.find((entry) => entry.name === 'valid/third-party.robot')!;
    expect(await checkSuite(file.text, asLinted(file.name))).toEqual({ errors: [], notes: [] });
  });

  it('notes the calls a library may provide, once, when it knows the standard libraries only', async () => {
    const file = valid.find((entry) => entry.name === 'valid/third-party.robot')!;
    const result = await checkSuite(file.text, {
      suitePath: file.name,
      readFile: readCorpusFile,
      validate: 'builtin',
      libraries: standardLibraries,
    });
    expect(result.notes).toEqual([
      {
        line: 3,
        message:
          'keywords not found in the file, its resources or its known libraries were not checked; ' +
          "they may come from SeleniumLibrary, ../libs/custom_checks.py: 'Open Browser', 'Close Browser', " +
          "'Input Text', 'Click Element', 'Custom Check Passes' and 1 more",
      },
    ]);
  });

  it('suggests the nearest names for unknown keywords and settings', async () => {
    const file = broken.find((entry) => entry.name === 'broken/unknown-keyword.robot')!;
    const result = await checkSuite(file.text, asLinted(file.name));
    expect(result.errors).toEqual([
      { line: 8, message: "unknown keyword 'Logn As admin'", suggestions: ['Login As ${user}'] },
      { line: 10, message: "unknown keyword 'Shuold Be Equal'", suggestions: ['Should Be Equal', 'Should Not Be Equal'] },
    ]);
  });
});

// Each check starts Python once; running them side by side keeps the suite quick.
describe.runIf(robotInstalled).concurrent("Robot Framework's parser on the corpus", () => {
  it.for(valid.map((file) => [file.name, file] as const))('%s has no Robot errors', async ([, file], { expect }) => {
    expect(await parseWithRobot(file.text, { python })).toEqual([]);
  });

  it.for(broken.map((file) => [file.name, file] as const))('%s has exactly the declared Robot errors', async ([, file], { expect }) => {
    const errors = await parseWithRobot(file.text, { python });
    expect(errors.map((problem) => problem.line)).toEqual(file.robot.map((expectation) => expectation.line));
    errors.forEach((problem, index) => expect(problem.message).toContain(file.robot[index]!.fragment));
  });

  it('finds a Robot error in every broken syntax file', ({ expect }) => {
    const syntax = ['unclosed-for', 'unclosed-if', 'unclosed-while', 'stray-end', 'stray-else', 'unknown-section'];
    for (const name of syntax) {
      expect(broken.find((file) => file.name === `broken/${name}.robot`)?.robot, name).toHaveLength(1);
    }
  });

  it.for(broken.map((file) => [file.name, file] as const))(
    '%s: merged with Robot, still exactly our errors (duplicates dropped)',
    async ([, file], { expect }) => {
      const options = { suitePath: file.name, readFile: readCorpusFile };
      const builtin = await checkSuite(file.text, { ...options, validate: 'builtin' });
      const merged = await checkSuite(file.text, { ...options, validate: 'robot', python });
      expect(merged.errors).toEqual(builtin.errors);
    },
  );

  it('keeps notes from Robot deduplicated against ours', async ({ expect }) => {
    const file = valid.find((entry) => entry.name === 'valid/tasks-and-headers.robot')!;
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'robot', python });
    expect(problemsOf(result.notes)).toEqual([
      [2, "singular section header '*** Setting ***' is deprecated; use '*** Settings ***'"],
      [13, "singular section header '*** Keyword ***' is deprecated; use '*** Keywords ***'"],
    ]);
  });
});

/** Robot's dry run: every keyword found and given the arguments it takes, every import found. */
async function dryRun(file: string): Promise<{ ok: boolean; output: string }> {
  const args = [
    '-m',
    'robot',
    '--dryrun',
    '--output',
    'NONE',
    '--log',
    'NONE',
    '--report',
    'NONE',
    '--console',
    'quiet',
    '--pythonpath',
    path.join(CORPUS_DIR, 'pythonpath'),
    file,
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(pythonInterpreter(), args, { timeout: 60_000 });
    return { ok: true, output: stdout + stderr };
  } catch (failure) {
    const { stdout = '', stderr = '' } = failure as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

const dryRunnable = (files: ReturnType<typeof corpusFiles>) => files.filter((file) => !/^# dryrun: skip/m.test(file.text));

// Side by side: each dry run starts Python.
describe.runIf(robotInstalled).concurrent("Robot Framework's dry run on the corpus", () => {
  it.for(dryRunnable(valid).map((file) => [file.name, file] as const))(
    "%s passes Robot's dry run as it passes ours",
    async ([, file], { expect }) => {
      const run = await dryRun(file.file);
      // Warnings (deprecated syntax the corpus keeps on purpose) are not failures.
      expect(run.output.split('\n').filter((line) => line.startsWith('[ ERROR ]'))).toEqual([]);
      expect(run.ok).toBe(true);
    },
  );

  it.for(
    dryRunnable(broken)
      .filter((file) => /'.*' takes \d|got unexpected named/.test(file.text))
      .map((file) => [file.name, file] as const),
  )("%s fails Robot's dry run where ours reports arguments", async ([, file], { expect }) => {
    expect((await dryRun(file.file)).ok).toBe(false);
  });
});
