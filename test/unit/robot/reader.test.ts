import { describe, expect, it } from 'vitest';

import type { ForLoop, IfBlock, KeywordCall, Step, TryBlock } from '../../../src/robot/model.js';
import { readRobot } from '../../../src/robot/reader.js';
import { splitStatements } from '../../../src/robot/statements.js';

const values = (cells: Array<{ value: string }>): string[] => cells.map((cell) => cell.value);
const call = (step: Step | undefined): KeywordCall => {
  expect(step?.kind).toBe('call');
  return step as KeywordCall;
};

describe('splitStatements', () => {
  it('splits cells on two or more spaces and tabs, keeping single spaces', () => {
    const [statement] = splitStatements('    Should Be Equal    a b\tc   d');
    expect(values(statement!.cells)).toEqual(['', 'Should Be Equal', 'a b', 'c', 'd']);
  });

  it('reads the pipe format, dropping the trailing empty cell', () => {
    const [name, step] = splitStatements('| My Test |\n|    | Log | a b | c |');
    expect(values(name!.cells)).toEqual(['My Test']);
    expect(values(step!.cells)).toEqual(['', 'Log', 'a b', 'c']);
    expect(step!.line).toBe(2);
  });

  it('needs whitespace around a pipe for it to separate', () => {
    const [statement] = splitStatements('| Log | a|b |');
    expect(values(statement!.cells)).toEqual(['Log', 'a|b']);
  });

  it('drops whole-line and trailing comments but keeps an escaped hash', () => {
    const statements = splitStatements('# top\n    Log    \\#1    # trailing    more\n    Log    a#b');
    expect(statements.map((statement) => values(statement.cells))).toEqual([
      ['', 'Log', '\\#1'],
      ['', 'Log', 'a#b'],
    ]);
    expect(statements.map((statement) => statement.line)).toEqual([2, 3]);
  });

  it('joins continuation lines, even across comments and blank lines, keeping each cell line', () => {
    const [statement, next] = splitStatements('    Log Many    a\n    # note\n\n    ...    b    c\n...    d\n    Log    x');
    expect(values(statement!.cells)).toEqual(['', 'Log Many', 'a', 'b', 'c', 'd']);
    expect(statement!.cells.map((cell) => cell.line)).toEqual([1, 1, 1, 4, 4, 5]);
    expect(next!.line).toBe(6);
  });

  it('treats a bare continuation as one empty value and counts CRLF lines', () => {
    const [statement] = splitStatements('Log\r\n...\r\n');
    expect(values(statement!.cells)).toEqual(['Log', '']);
    expect(statement!.cells[1]!.line).toBe(2);
  });
});

describe('readRobot sections and settings', () => {
  it('recognises headers case-insensitively, singular and with one star', () => {
    const file = readRobot('*** settings ***\n*** Test Case ***\n* Keywords\n*Tasks*\n*** Comment ***\n*** Foo ***\n');
    expect(file.sections.map((section) => [section.kind, section.singular, section.line])).toEqual([
      ['settings', false, 1],
      ['testCases', true, 2],
      ['keywords', false, 3],
      ['tasks', false, 4],
      ['comments', true, 5],
      ['unknown', false, 6],
    ]);
  });

  it('keeps statements before the first section as the preamble', () => {
    const file = readRobot('# comment\nSome text    here\n\n*** Test Cases ***\nT\n    Log    x\n');
    expect(file.preamble.map((statement) => [statement.line, values(statement.cells)])).toEqual([[2, ['Some text', 'here']]]);
  });

  it('names suite settings as Robot does, with aliases, and leaves unknown ones undefined', () => {
    const file = readRobot(
      '*** Settings ***\nsuite  setup    Log    x\nForce Tags    a\nTask Template    Kw\nSuite Setpu    Log\nLibrary    Collections    AS    C\n',
    );
    expect(file.settings.map((setting) => [setting.name, setting.canonical, setting.line])).toEqual([
      ['suite', undefined, 2],
      ['Force Tags', 'Test Tags', 3],
      ['Task Template', 'Test Template', 4],
      ['Suite Setpu', undefined, 5],
      ['Library', 'Library', 6],
    ]);
    expect(values(file.settings[4]!.values)).toEqual(['Collections', 'AS', 'C']);
  });

  it('joins continued setting values and reads variables', () => {
    const file = readRobot('*** Settings ***\nDocumentation    one\n...    two\n*** Variables ***\n@{LIST}    a\n...    b\n${X}=    1\n');
    expect(values(file.settings[0]!.values)).toEqual(['one', 'two']);
    expect(file.variables.map((variable) => [variable.name, variable.line, values(variable.values)])).toEqual([
      ['@{LIST}', 5, ['a', 'b']],
      ['${X}=', 7, ['1']],
    ]);
  });

  it('ignores Comments and unknown sections', () => {
    const file = readRobot('*** Comments ***\nLog    x\n*** Foo ***\nBar\n    Baz\n');
    expect(file.tests).toEqual([]);
    expect(file.keywords).toEqual([]);
    expect(file.settings).toEqual([]);
  });
});

describe('readRobot tests and keywords', () => {
  const text = [
    '*** Test Cases ***', // 1
    'First Test', // 2
    '    [Tags]    a    b', // 3
    '    ${x}=    Get Value', // 4
    '    ${a}    ${b} =    Two Values    arg', // 5
    '    @{l}=    Create List', // 6
    '    &{d}=    Create Dictionary', // 7
    '    Log    ${x}', // 8
    '    [Teardown]    Log    bye', // 9
    'Second Test    Log    inline', // 10
    '*** Tasks ***', // 11
    'A Task', // 12
    '    No Operation', // 13
    '*** Keywords ***', // 14
    'My Keyword', // 15
    '    [Arguments]    ${a}', // 16
    '    RETURN    ${a}', // 17
  ].join('\n');
  const file = readRobot(text);

  it('reads names, lines and sections of tests and tasks', () => {
    expect(file.tests.map((test) => [test.name, test.line, test.section])).toEqual([
      ['First Test', 2, 'testCases'],
      ['Second Test', 10, 'testCases'],
      ['A Task', 12, 'tasks'],
    ]);
  });

  it('collects local settings wherever they appear in the body', () => {
    const [first] = file.tests;
    expect(first!.settings.map((setting) => [setting.name, setting.canonical, setting.line])).toEqual([
      ['[Tags]', 'Tags', 3],
      ['[Teardown]', 'Teardown', 9],
    ]);
    expect(first!.body).toHaveLength(5);
  });

  it('recognises assignment cells before the keyword', () => {
    const steps = file.tests[0]!.body.map(call);
    expect(steps.map((step) => [step.line, values(step.assign), step.keyword?.value, values(step.args)])).toEqual([
      [4, ['${x}='], 'Get Value', []],
      [5, ['${a}', '${b} ='], 'Two Values', ['arg']],
      [6, ['@{l}='], 'Create List', []],
      [7, ['&{d}='], 'Create Dictionary', []],
      [8, [], 'Log', ['${x}']],
    ]);
  });

  it('reads a step on the name line', () => {
    const step = call(file.tests[1]!.body[0]);
    expect([step.line, step.keyword?.value, values(step.args)]).toEqual([10, 'Log', ['inline']]);
  });

  it('reads keywords with settings and RETURN', () => {
    const [keyword] = file.keywords;
    expect([keyword!.name, keyword!.line]).toEqual(['My Keyword', 15]);
    expect(keyword!.settings[0]!.canonical).toBe('Arguments');
    expect(keyword!.body).toEqual([
      {
        kind: 'return',
        line: 17,
        cells: [
          { value: 'RETURN', line: 17 },
          { value: '${a}', line: 17 },
        ],
        args: [{ value: '${a}', line: 17 }],
      },
    ]);
  });

  it('gives indented rows before any name to a test without a name', () => {
    const unnamed = readRobot('*** Test Cases ***\n    Log    x\nNamed\n    Log    y\n');
    expect(unnamed.tests.map((test) => [test.name, test.line, test.body.length])).toEqual([
      ['', 2, 1],
      ['Named', 3, 1],
    ]);
  });
});

describe('readRobot control structures', () => {
  const text = [
    '*** Keywords ***', // 1
    'Structures', // 2
    '    FOR    ${i}    IN RANGE    3', // 3
    '        IF    ${i} == 1', // 4
    '            CONTINUE', // 5
    '        ELSE IF    ${i} == 2', // 6
    '            BREAK', // 7
    '        ELSE', // 8
    '            Log    ${i}', // 9
    '        END', // 10
    '    END', // 11
    '    ${r}=    IF    $x    Kw A    1    ELSE IF    $y    Kw B    ELSE    Kw C', // 12
    '    TRY', // 13
    '        Fail    x', // 14
    '    EXCEPT    x    AS    ${e}', // 15
    '        Log    ${e}', // 16
    '    FINALLY', // 17
    '        Log    done', // 18
    '    END', // 19
    '    WHILE    $go    limit=5', // 20
    '        VAR    ${go}    ${False}', // 21
    '    END', // 22
    '    GROUP    Named', // 23
    '        Log    in group', // 24
    '    END', // 25
    '    FOR    ${x}    IN    a', // 26
    '    ...    b', // 27
    '        Log    ${x}', // 28
  ].join('\n');
  const body = readRobot(text).keywords[0]!.body;

  it('nests FOR and IF with branches and END lines', () => {
    const loop = body[0] as ForLoop;
    expect([loop.kind, loop.line, values(loop.variables), loop.flavor, values(loop.values), loop.end]).toEqual([
      'for',
      3,
      ['${i}'],
      'IN RANGE',
      ['3'],
      11,
    ]);
    const branches = (loop.body[0] as IfBlock).branches;
    expect(branches.map((branch) => [branch.kind, branch.line, branch.condition?.value, branch.body[0]?.kind])).toEqual([
      ['IF', 4, '${i} == 1', 'continue'],
      ['ELSE IF', 6, '${i} == 2', 'break'],
      ['ELSE', 8, undefined, 'call'],
    ]);
    expect((loop.body[0] as IfBlock).end).toBe(10);
  });

  it('reads an inline IF with assignment and branch calls', () => {
    const inline = body[1] as IfBlock;
    expect([inline.inline, inline.line, values(inline.assign), inline.end]).toEqual([true, 12, ['${r}='], undefined]);
    expect(
      inline.branches.map((branch) => [
        branch.kind,
        branch.condition?.value,
        call(branch.body[0]).keyword?.value,
        values(call(branch.body[0]).args),
      ]),
    ).toEqual([
      ['IF', '$x', 'Kw A', ['1']],
      ['ELSE IF', '$y', 'Kw B', []],
      ['ELSE', undefined, 'Kw C', []],
    ]);
  });

  it('reads VAR in an inline IF branch as the VAR statement, not a keyword', () => {
    const file = readRobot('*** Test Cases ***\nT\n    IF    $x    VAR    ${name}    value    ELSE    Log    no\n');
    const inline = file.tests[0]!.body[0] as IfBlock;
    expect(inline.branches.map((branch) => branch.body[0]?.kind)).toEqual(['var', 'call']);
  });

  it('keeps the row cells of every block header and inline branch', () => {
    expect(values((body[0] as ForLoop).cells)).toEqual(['FOR', '${i}', 'IN RANGE', '3']);
    expect((body[1] as IfBlock).branches.map((branch) => values(branch.cells))).toEqual([
      ['IF', '$x', 'Kw A', '1'],
      ['ELSE IF', '$y', 'Kw B'],
      ['ELSE', 'Kw C'],
    ]);
    expect(values((body[2] as TryBlock).branches[1]!.cells)).toEqual(['EXCEPT', 'x', 'AS', '${e}']);
  });

  it('reads TRY branches, WHILE options, VAR and GROUP', () => {
    const tryBlock = body[2] as TryBlock;
    expect(tryBlock.branches.map((branch) => [branch.kind, branch.line, values(branch.args)])).toEqual([
      ['TRY', 13, []],
      ['EXCEPT', 15, ['x', 'AS', '${e}']],
      ['FINALLY', 17, []],
    ]);
    expect(tryBlock.end).toBe(19);
    expect(body[3]).toMatchObject({ kind: 'while', line: 20, condition: { value: '$go' }, options: [{ value: 'limit=5' }], end: 22 });
    expect(body[3]).toMatchObject({ body: [{ kind: 'var', line: 21 }] });
    expect(body[4]).toMatchObject({ kind: 'group', line: 23, name: { value: 'Named' }, end: 25 });
  });

  it('keeps an unclosed block open to the end of the body, continuation included', () => {
    const loop = body[5] as ForLoop;
    expect([loop.line, values(loop.values), loop.end, loop.body.length]).toEqual([26, ['a', 'b'], undefined, 1]);
  });

  it('records stray markers where no block accepts them', () => {
    const stray = readRobot('*** Test Cases ***\nT\n    END\n    ELSE\n    EXCEPT\n    FOR    ${x}    IN    a\n        ELSE\n    END\n')
      .tests[0]!.body;
    expect(stray.slice(0, 3).map((step) => [step.kind, step.line, values(step.cells)])).toEqual([
      ['stray', 3, ['END']],
      ['stray', 4, ['ELSE']],
      ['stray', 5, ['EXCEPT']],
    ]);
    expect((stray[3] as ForLoop).body).toEqual([{ kind: 'stray', line: 7, cells: [{ value: 'ELSE', line: 7 }], marker: 'ELSE' }]);
  });

  it('treats a lone IF with a condition as a block and lowercase markers as keywords', () => {
    const steps = readRobot('*** Test Cases ***\nT\n    IF    $x\n    END\n    for    ${x}    IN    a\n').tests[0]!.body;
    expect(steps[0]).toMatchObject({ kind: 'if', inline: false, end: 4 });
    expect(call(steps[1]).keyword?.value).toBe('for');
  });
});
