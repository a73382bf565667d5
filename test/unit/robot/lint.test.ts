import { readdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { formatLintReport, lintFiles } from '../../../src/app/lint.js';
import { sharedPythonHelper } from '../../../src/python/python-helper.js';
import { CORPUS_DIR, EXAMPLE_REPO_DIR, corpusFiles } from './corpus.js';

const robotFilesUnder = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.robot'))
    .sort()
    .map((name) => path.join(folder, name));

/** As the corpus's dry runs: `--pythonpath` the corpus's search-path folder. */
const pythonPath = [path.join(CORPUS_DIR, 'pythonpath')];
const capabilities = await sharedPythonHelper().capabilities();

describe('lintFiles', () => {
  it('finds no errors in the valid corpus, reading resources and library files from disk', async () => {
    const files = corpusFiles('valid').map((entry) => entry.file);
    const report = await lintFiles(files, { validate: 'builtin', pythonPath });
    expect(report.unreadable).toEqual([]);
    expect(report.files.map((entry) => entry.file)).toEqual(files);
    expect(report.files.flatMap((entry) => entry.errors)).toEqual([]);
  });

  it('finds exactly the declared errors in the broken corpus, text before a section only noted in files people wrote', async () => {
    const broken = corpusFiles('broken');
    const report = await lintFiles(
      broken.map((entry) => entry.file),
      { validate: 'builtin', pythonPath },
    );
    const preamble = 'content before the first section header';
    report.files.forEach((entry, index) => {
      const declared = broken[index]!.expected;
      const expected = declared.filter((item) => !item.fragment.includes(preamble));
      for (const item of declared.filter((entry) => entry.fragment.includes(preamble))) {
        expect(
          entry.notes.map((note) => note.line),
          entry.file,
        ).toContain(item.line);
      }
      expect(
        entry.errors.map((problem) => problem.line),
        entry.file,
      ).toEqual(expected.map((item) => item.line));
      entry.errors.forEach((problem, at) => expect(problem.message).toContain(expected[at]!.fragment));
    });
  });

  it.runIf(capabilities?.robotcode != null)(
    "finds no errors in the valid corpus with libdoc of the installed libraries and RobotCode's analyzer, and every declared error in the broken one",
    async () => {
      const folder = (name: string): string => path.join(CORPUS_DIR, name);
      const valid = await lintFiles([folder('valid')], { validate: 'robotcode', pythonPath });
      expect(valid.files.flatMap((entry) => entry.errors.map((problem) => `${entry.file}:${problem.line}: ${problem.message}`))).toEqual(
        [],
      );
      const broken = corpusFiles('broken');
      const report = await lintFiles(
        broken.map((entry) => entry.file),
        { validate: 'robotcode', pythonPath },
      );
      report.files.forEach((entry, index) => {
        const declared = broken[index]!.expected.filter((item) => !item.fragment.includes('content before the first section header'));
        for (const item of declared) {
          expect(
            entry.errors.some((problem) => problem.line === item.line && problem.message.includes(item.fragment)),
            `${entry.file}:${item.line}`,
          ).toBe(true);
        }
      });
    },
    300_000,
  );

  it('resolves a missing resource against the file folder on disk', async () => {
    const file = path.join(CORPUS_DIR, 'broken', 'missing-resource.robot');
    const [entry] = (await lintFiles([file], { validate: 'builtin' })).files;
    const lookedFor = path.join(CORPUS_DIR, 'resources', 'missing.resource').split(path.sep).join('/');
    expect(entry!.errors).toEqual([
      { line: 4, message: `resource file not found: '../resources/missing.resource' (looked for ${lookedFor})` },
    ]);
  });

  it('lints the example repository clean', async () => {
    const files = robotFilesUnder(path.join(EXAMPLE_REPO_DIR, 'tests'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const report = await lintFiles(files, {});
    expect(report.unreadable).toEqual([]);
    expect(report.files.map(({ errors, notes }) => [...errors, ...notes])).toEqual(files.map(() => []));
  });

  it('reports files it cannot read and keeps going', async () => {
    const missing = path.join(CORPUS_DIR, 'no-such-suite.robot');
    const good = path.join(CORPUS_DIR, 'valid', 'tabs.robot');
    const report = await lintFiles([missing, good], { validate: 'builtin' });
    expect(report.unreadable).toEqual([{ file: missing, message: 'cannot read: no such file' }]);
    expect(report.files).toEqual([{ file: good, errors: [], notes: [] }]);
  });

  it('lints a folder as the suites and resources under it', async () => {
    const folder = path.join(CORPUS_DIR, 'valid');
    const report = await lintFiles([folder], { validate: 'builtin' });
    const names = report.files.map((entry) => path.relative(folder, entry.file).split(path.sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['tabs.robot', 'resources/shop.resource', 'resources/users.resource']));
    expect(names.every((name) => name.endsWith('.robot') || name.endsWith('.resource'))).toBe(true);
    expect(report.files.flatMap((entry) => entry.errors.map((problem) => `${entry.file}:${problem.line}: ${problem.message}`))).toEqual([]);
  });
});

describe('formatLintReport', () => {
  it('prints file:line: message, notes marked, suggestions appended, ordered by line', () => {
    const lines = formatLintReport({
      unreadable: [{ file: 'gone.robot', message: 'cannot read: no such file' }],
      warnings: [],
      files: [
        {
          file: 'tests/a.robot',
          errors: [
            { line: 9, message: "unknown keyword 'Logn'", suggestions: ['Log', 'Login'] },
            { line: 2, message: "unknown setting 'Suite Setpu'" },
          ],
          notes: [{ line: 4, message: 'keywords not found ... were not checked' }],
        },
        { file: 'tests/b.robot', errors: [], notes: [] },
      ],
    });
    expect(lines).toEqual([
      'gone.robot: cannot read: no such file',
      "tests/a.robot:2: unknown setting 'Suite Setpu'",
      'tests/a.robot:4: note: keywords not found ... were not checked',
      "tests/a.robot:9: unknown keyword 'Logn' (did you mean 'Log', 'Login'?)",
    ]);
  });
});
