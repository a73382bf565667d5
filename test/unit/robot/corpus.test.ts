import { describe, expect, it } from 'vitest';

import { checkSuite } from '../../../src/robot/check-suite.js';
import { parseWithRobot, robotParserAvailable } from '../../../src/robot/robot-parser.js';
import { corpusFiles, readCorpusFile } from './corpus.js';

const valid = corpusFiles('valid');
const broken = corpusFiles('broken');
const robotInstalled = await robotParserAvailable();

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
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'builtin' });
    expect(problemsOf(result.errors)).toEqual([]);
  });

  it.each(broken.map((file) => [file.name, file] as const))('%s has exactly its expected errors', async (_name, file) => {
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'builtin' });
    expect(result.errors.map((problem) => problem.line)).toEqual(file.expected.map((expectation) => expectation.line));
    result.errors.forEach((problem, index) => {
      expect(problem.message).toContain(file.expected[index]!.fragment);
    });
  });

  it('notes the calls a third-party library may provide, once', async () => {
    const file = valid.find((entry) => entry.name === 'valid/third-party.robot')!;
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'builtin' });
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
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'builtin' });
    expect(result.errors).toEqual([
      { line: 8, message: "unknown keyword 'Logn As admin'", suggestions: ['Login As ${user}'] },
      { line: 10, message: "unknown keyword 'Shuold Be Equal'", suggestions: ['Should Be Equal', 'Should Not Be Equal'] },
    ]);
  });
});

// Each check starts Python once; running them side by side keeps the suite quick.
describe.runIf(robotInstalled).concurrent("Robot Framework's parser on the corpus", () => {
  it.for(valid.map((file) => [file.name, file] as const))('%s has no Robot errors', async ([, file], { expect }) => {
    expect(await parseWithRobot(file.text)).toEqual([]);
  });

  it.for(broken.map((file) => [file.name, file] as const))('%s has exactly the declared Robot errors', async ([, file], { expect }) => {
    const errors = await parseWithRobot(file.text);
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
      const merged = await checkSuite(file.text, { ...options, validate: 'robot' });
      expect(merged.errors).toEqual(builtin.errors);
    },
  );

  it('keeps notes from Robot deduplicated against ours', async ({ expect }) => {
    const file = valid.find((entry) => entry.name === 'valid/tasks-and-headers.robot')!;
    const result = await checkSuite(file.text, { suitePath: file.name, readFile: readCorpusFile, validate: 'robot' });
    expect(problemsOf(result.notes)).toEqual([
      [2, "singular section header '*** Setting ***' is deprecated; use '*** Settings ***'"],
      [13, "singular section header '*** Keyword ***' is deprecated; use '*** Keywords ***'"],
    ]);
  });
});
