import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { UsageError } from '../../../src/errors.js';
import { sharedPythonHelper } from '../../../src/python/python-helper.js';
import { stubPython } from '../../helpers/stub-python.js';
import { type CheckOptions, checkSuite, fileKindOf } from '../../../src/robot/check-suite.js';

/** A repository in memory; records every path the checks ask for. */
function repository(files: Record<string, string>): { readFile: CheckOptions['readFile']; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readFile: async (file) => {
      asked.push(file);
      return files[file];
    },
  };
}

async function check(text: string, files: Record<string, string> = {}, suitePath = 'tests/suite.robot') {
  return checkSuite(text, { suitePath, readFile: repository(files).readFile, validate: 'builtin' });
}

const suite = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('checkSuite: file shape', () => {
  it('reports text before the first section, but not comments or a language line', async () => {
    expect((await check(suite('# fine', 'Language: en', '', 'Stray words', '*** Test Cases ***', 'T', '    Log    x'))).errors).toEqual([
      { line: 4, message: "content before the first section header: 'Stray words'" },
    ]);
  });

  it('reports unknown section headers with the nearest valid header', async () => {
    const result = await check(suite('*** Keywordz ***', 'K', '    Log    x', '*** Foo Bar Baz ***'));
    expect(result.errors).toEqual([
      { line: 1, message: "unknown section header '*** Keywordz ***'", suggestions: ['*** Keywords ***'] },
      { line: 4, message: "unknown section header '*** Foo Bar Baz ***'" },
    ]);
  });

  it('reports unknown and misplaced settings at every level', async () => {
    const text = suite(
      '*** Settings ***',
      'Test Tagz    a',
      '    Library    Collections',
      '*** Test Cases ***',
      'T',
      '    [Tgas]    a',
      '    [Return]    x',
      '    Log    x',
      '*** Keywords ***',
      'K',
      '    [Template]    Log',
      '    [Argumnets]    ${a}',
      '    Log    x',
    );
    expect((await check(text)).errors).toEqual([
      { line: 2, message: "unknown setting 'Test Tagz'", suggestions: ['Test Tags'] },
      { line: 3, message: 'indented row in the Settings section: settings start in the first column' },
      { line: 6, message: "unknown test setting '[Tgas]'", suggestions: ['[Tags]'] },
      { line: 7, message: "setting '[Return]' is not allowed in a test" },
      { line: 11, message: "setting '[Template]' is not allowed in a keyword" },
      { line: 12, message: "unknown keyword setting '[Argumnets]'", suggestions: ['[Arguments]'] },
    ]);
  });

  it('reports settings given twice, except imports and metadata', async () => {
    const text = suite(
      '*** Settings ***',
      'Library    String',
      'Library    Collections',
      'Test Tags    a',
      'Force Tags    b',
      '*** Test Cases ***',
      'T',
      '    [Template]    Log',
      '    [Template]    Log Many',
      '    x',
    );
    expect((await check(text)).errors).toEqual([
      { line: 5, message: "setting 'Force Tags' is allowed only once; Robot uses the first" },
      { line: 9, message: "setting '[Template]' is allowed only once; Robot uses the first" },
    ]);
  });

  it('reports a TRY without EXCEPT or FINALLY', async () => {
    const text = suite('*** Test Cases ***', 'T', '    TRY', '        Log    x', '    ELSE', '        Log    y', '    END');
    expect((await check(text)).errors).toEqual([{ line: 3, message: "'TRY' needs an EXCEPT or FINALLY branch" }]);
  });

  it('judges resource and init files by their own rules', async () => {
    const resource = suite('*** Settings ***', 'Suite Setup    Log    x', '*** Test Cases ***', 'T', '    Log    x');
    expect((await check(resource, {}, 'resources/common.resource')).errors).toEqual([
      { line: 2, message: "setting 'Suite Setup' is not allowed in a resource file" },
      { line: 3, message: "a resource file cannot have a '*** Test Cases ***' section" },
    ]);
    const init = suite('*** Settings ***', 'Test Template    Log', 'Suite Setup    Log    x');
    expect((await check(init, {}, 'tests/__init__.robot')).errors).toEqual([
      { line: 2, message: "setting 'Test Template' is not allowed in a suite initialization file" },
    ]);
    expect([fileKindOf('a/b.resource'), fileKindOf('a/__init__.robot'), fileKindOf('a/b.robot')]).toEqual(['resource', 'init', 'suite']);
  });

  it('reports a suite file without a test or task, but not a resource or an init file', async () => {
    const none = "the suite has no '*** Test Cases ***' section with a test; Robot Framework refuses a suite without one";
    expect((await check('')).errors).toEqual([{ line: 1, message: none }]);
    expect((await check(suite('*** Comments ***', 'To do.'))).errors).toEqual([{ line: 1, message: none }]);
    expect((await check(suite('*** Settings ***', 'Library    Collections', '', '*** Test Cases ***'))).errors).toEqual([
      { line: 4, message: "the '*** Test Cases ***' section holds no test or task; Robot Framework refuses a suite without one" },
    ]);
    // A header cut off by the stream is reported once, as unknown.
    expect((await check(suite('*** Test Cas'))).errors.map((problem) => problem.message)).toEqual([
      "unknown section header '*** Test Cas'",
    ]);
    expect((await check(suite('*** Tasks ***', 'Task', '    Log    x'))).errors).toEqual([]);
    expect((await check(suite('*** Keywords ***', 'K', '    Log    x'), {}, 'resources/a.resource')).errors).toEqual([]);
    expect((await check(suite('*** Settings ***', 'Documentation    x'), {}, 'tests/__init__.robot')).errors).toEqual([]);
  });

  it('reports blocks nested too deep once, and checks nothing else of such a file', async () => {
    const depth = 100_000;
    const text = [
      '*** Test Cases ***',
      'Deep',
      '    FOR    ${i}    IN    a\n'.repeat(depth) + '    Unknown Keyword',
      '    END\n'.repeat(depth),
    ].join('\n');
    expect(await check(text)).toEqual({
      errors: [{ line: 103, message: 'blocks nested more than 100 levels deep; nothing else was checked' }],
      notes: [],
    });
    const fine = suite(
      '*** Test Cases ***',
      'Nested',
      ...Array<string>(100).fill('    IF    $x'),
      '    Log    x',
      ...Array<string>(100).fill('    END'),
    );
    expect((await check(fine)).errors).toEqual([]);
  });

  it('reports tests, tasks and keywords without steps', async () => {
    const text = suite(
      '*** Test Cases ***',
      'Only Settings',
      '    [Tags]    a',
      'Nothing',
      '*** Tasks ***',
      'Empty Task',
      '*** Keywords ***',
      'Empty Keyword',
      '    [Arguments]    ${a}',
      'Old Return',
      '    [Return]    ${1}',
    );
    const result = await check(text);
    expect(result.errors).toEqual([
      { line: 2, message: "test 'Only Settings' has no steps" },
      { line: 4, message: "test 'Nothing' has no steps" },
      { line: 6, message: "task 'Empty Task' has no steps" },
      { line: 8, message: "keyword 'Empty Keyword' has no steps" },
    ]);
    expect(result.notes).toEqual([{ line: 11, message: "'[Return]' is deprecated; use RETURN in the body" }]);
  });

  it('reports unclosed blocks, stray markers and misplaced control statements', async () => {
    const text = suite(
      '*** Test Cases ***',
      'T',
      '    TRY',
      '        Log    x',
      '    EXCEPT',
      '        RETURN',
      '    END',
      '    GROUP    g',
      '        FOR    ${x}    IN    a',
      '            CONTINUE',
      '    ELSE IF    $x',
      '    FINALLY',
      '*** Keywords ***',
      'K',
      '    WHILE    True',
      '    END',
      '    TRY',
      '        Log    x',
      '    FINALLY',
      '        BREAK',
      '    END',
    );
    expect((await check(text)).errors).toEqual([
      { line: 6, message: "'RETURN' is only allowed in a keyword" },
      { line: 8, message: "'GROUP' has no closing 'END'" },
      { line: 9, message: "'FOR' has no closing 'END'" },
      { line: 11, message: "'ELSE IF' outside an IF block" },
      { line: 12, message: "'FINALLY' outside a TRY block" },
      { line: 15, message: "'WHILE' block has no steps" },
      { line: 20, message: "'BREAK' is only allowed inside a FOR or WHILE loop" },
    ]);
  });

  it('reports empty branches and a lone assignment outside templates only', async () => {
    const text = suite(
      '*** Test Cases ***',
      'T',
      '    IF    $x',
      '    ELSE',
      '        Log    x',
      '    END',
      '    ${a}    ${b}=',
      'Templated',
      '    [Template]    Log',
      '    ${value}',
      '*** Variables ***',
      '${value}    1',
    );
    expect((await check(text)).errors).toEqual([
      { line: 3, message: "'IF' branch has no steps" },
      { line: 7, message: "'${a}  ${b}=' assigns a value but calls no keyword" },
    ]);
  });

  it('reports invalid variable names', async () => {
    const text = suite(
      '*** Variables ***',
      '${OK}    1',
      '@{LIST}=    a',
      'NAME    x',
      '${D}[k]    v',
      '*** Test Cases ***',
      'T',
      '    Log    x',
    );
    expect((await check(text)).errors).toEqual([
      { line: 4, message: "invalid variable name 'NAME'" },
      { line: 5, message: "invalid variable name '${D}[k]'" },
    ]);
  });
});

describe('checkSuite: resources', () => {
  const common = suite('*** Keywords ***', 'Common Keyword', '    Log    x');

  it('resolves imports against the suite folder, with ${CURDIR} and ${/}', async () => {
    const repo = repository({ 'resources/common.resource': common, 'tests/local.resource': common });
    const text = suite(
      '*** Settings ***',
      'Resource    ../resources/common.resource',
      'Resource    ${CURDIR}/local.resource',
      'Resource    ..${/}resources${/}common.resource',
      '*** Test Cases ***',
      'T',
      '    Common Keyword',
    );
    const result = await checkSuite(text, { suitePath: 'tests/suite.robot', readFile: repo.readFile, validate: 'builtin' });
    expect(result).toEqual({ errors: [], notes: [] });
    expect(repo.asked).toEqual(['resources/common.resource', 'tests/local.resource']);
  });

  it('reads no resource that nests blocks deeper than the checks walk, and says so', async () => {
    const deep = suite('*** Keywords ***', 'Deep', ...Array(5_000).fill('    IF    $x'), '    Log    x', ...Array(5_000).fill('    END'));
    const text = suite('*** Settings ***', 'Resource    ../resources/deep.resource', '*** Test Cases ***', 'T', '    Deep');
    const result = await check(text, { 'resources/deep.resource': deep });
    expect(result.errors).toEqual([]);
    expect(result.notes.map((note) => note.message)).toContainEqual(
      "resource '../resources/deep.resource' nests blocks more than 100 levels deep and was not read",
    );
  });

  it('reports a missing resource with where it was looked for, and accepts calls it may define', async () => {
    const text = suite('*** Settings ***', 'Resource    ../missing.resource', '*** Test Cases ***', 'T', '    Maybe From Missing');
    const result = await check(text, {}, 'tests/orders/suite.robot');
    expect(result.errors).toEqual([
      { line: 2, message: "resource file not found: '../missing.resource' (looked for tests/missing.resource)" },
    ]);
    expect(result.notes).toEqual([
      {
        line: 2,
        message:
          'keywords not found in the file, its resources or its known libraries were not checked; ' +
          "they may come from resource '../missing.resource': 'Maybe From Missing'",
      },
    ]);
  });

  it('follows resources transitively, through cycles, with their libraries', async () => {
    const files = {
      'res/a.resource': suite('*** Settings ***', 'Resource    b.resource', '*** Keywords ***', 'From A', '    Log    a'),
      'res/b.resource': suite(
        '*** Settings ***',
        'Resource    a.resource',
        'Library    Collections',
        'Resource    gone.resource',
        '*** Keywords ***',
        'From B',
        '    Log    b',
      ),
    };
    const text = suite(
      '*** Settings ***',
      'Documentation    x',
      'Resource    ../res/a.resource',
      '*** Test Cases ***',
      'T',
      '    From A',
      '    b.From B',
      '    ${list}=    Create List',
      '    Append To List    ${list}    x',
    );
    const result = await check(text, files);
    expect(result.errors).toEqual([]);
    expect(result.notes).toEqual([
      {
        line: 3,
        message:
          "resource 'gone.resource' (imported by res/b.resource) is not next to its importer (looked for res/gone.resource); " +
          'Robot may find it on the module search path (--pythonpath), so it was not checked',
      },
    ]);
  });

  it('notes a resource path with variables instead of failing', async () => {
    const text = suite('*** Settings ***', 'Resource    ${ROOT}/x.resource', '*** Test Cases ***', 'T', '    Log    x');
    expect(await check(text)).toEqual({
      errors: [],
      notes: [{ line: 2, message: "resource '${ROOT}/x.resource' has variables in its path and was not checked" }],
    });
  });
});

describe('checkSuite: keyword calls', () => {
  it('notes a keyword whose embedded pattern cannot be matched safely, where it is defined', async () => {
    const result = await check(
      suite('*** Test Cases ***', 'T', '    Use abab Twice', '*** Keywords ***', 'Use ${x:(ab)\\1} Twice', '    Log    x'),
    );
    expect(result.errors).toEqual([]);
    expect(result.notes).toEqual([
      {
        line: 5,
        message: expect.stringMatching(
          /^keyword 'Use \$\{x:\(ab\)\\1\} Twice' has an embedded argument pattern that cannot be matched safely \(.+\); its arguments were matched as any text$/,
        ),
      },
    ]);
  });

  it('reports unknown calls in steps, settings and Run Keyword arguments with suggestions', async () => {
    const text = suite(
      '*** Settings ***',
      'Test Setup    Prepair',
      '*** Test Cases ***',
      'T',
      '    Logg    x',
      '    Run Keyword If    $x    Prepair',
      '    ${kw}=    Set Variable    Prepare',
      '    Run Keyword    ${kw}',
      '    Given Prepare',
      '*** Keywords ***',
      'Prepare',
      '    No Operation',
    );
    expect((await check(text)).errors).toEqual([
      { line: 2, message: "unknown keyword 'Prepair'", suggestions: ['Prepare'] },
      { line: 5, message: "unknown keyword 'Logg'", suggestions: ['Log'] },
      { line: 6, message: "unknown keyword 'Prepair'", suggestions: ['Prepare'] },
    ]);
  });

  it('knows standard libraries only when imported, and says which one has the keyword', async () => {
    const call = suite('*** Test Cases ***', 'T', '    ${s}=    Convert To Upper Case    x');
    expect((await check(call)).errors).toEqual([
      { line: 3, message: "unknown keyword 'Convert To Upper Case' (it is in the String library, which is not imported)" },
    ]);
    expect((await check(`*** Settings ***\nLibrary    String\n${call}`)).errors).toEqual([]);
  });

  it('accepts unresolved calls when an unknown library is imported, with one note', async () => {
    const text = suite(
      '*** Settings ***',
      'Library    Collections',
      'Library    Browser',
      'Library    ${LIB}',
      '*** Variables ***',
      '${LIB}    Browser',
      '*** Test Cases ***',
      'T',
      '    New Page    https://example.com',
      '    Get Text    h1',
      '    New Page    https://example.org',
    );
    expect(await check(text)).toEqual({
      errors: [],
      notes: [
        {
          line: 3,
          message:
            'keywords not found in the file, its resources or its known libraries were not checked; ' +
            "they may come from Browser, ${LIB}: 'New Page', 'Get Text'",
        },
      ],
    });
  });
});

describe('checkSuite: validation modes', () => {
  const temporary: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const folder of temporary.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  /** A fake interpreter that leaves a trace and fails at once. */
  function tracingInterpreter(): { python: string; started: () => boolean } {
    const stub = stubPython('fail-start');
    temporary.push(path.dirname(stub.python));
    return { python: stub.python, started: () => stub.starts().length > 0 };
  }

  const text = suite('*** Test Cases ***', 'T', '    Log    x');
  const options = (validate: CheckOptions['validate']): CheckOptions => ({
    suitePath: 'tests/t.robot',
    readFile: async () => undefined,
    validate,
    // Asked for here, after each test has set WRITER_PYTHON.
    python: sharedPythonHelper(),
  });

  it.skipIf(process.platform === 'win32')('never starts Python for builtin', async () => {
    const interpreter = tracingInterpreter();
    vi.stubEnv('WRITER_PYTHON', interpreter.python);
    expect(await checkSuite(text, options('builtin'))).toEqual({ errors: [], notes: [] });
    expect(interpreter.started()).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('falls back to the built-in checks in auto mode without Robot', async () => {
    const interpreter = tracingInterpreter();
    vi.stubEnv('WRITER_PYTHON', interpreter.python);
    expect(await checkSuite(text, options('auto'))).toEqual({ errors: [], notes: [] });
    expect(interpreter.started()).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('notes a helper that crashes twice in auto mode, fails with it in robot mode', async () => {
    const stub = stubPython('crash');
    temporary.push(path.dirname(stub.python));
    vi.stubEnv('WRITER_PYTHON', stub.python);
    expect(await checkSuite(text, options('auto'))).toEqual({
      errors: [],
      notes: [
        {
          line: 1,
          message:
            "Robot Framework's parser failed: the Python helper stopped (exit code 1): SyntaxError: boom; it was already restarted once; only the built-in checks ran",
        },
      ],
    });
    expect(stub.starts()).toHaveLength(2);
    await expect(checkSuite(text, options('robot'))).rejects.toThrow("Robot Framework's parser failed: the Python helper stopped");
    expect(stub.starts()).toHaveLength(2);
  });

  it('requires Robot Framework for validate robot', async () => {
    vi.stubEnv('WRITER_PYTHON', path.join(tmpdir(), 'writer-no-such-python'));
    const attempt = checkSuite(text, options('robot'));
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(
      'Robot Framework is not installed for python3 (pip install robotframework), required by --validate robot',
    );
  });
});
