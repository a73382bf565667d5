import { describe, expect, it } from 'vitest';

import { checkSuite } from '../../../src/robot/check-suite.js';
import { error, note } from '../../../src/robot/problems.js';
import { pythonInterpreter, sharedPythonHelper } from '../../../src/python/python-helper.js';
import { mergeRobotVerdict, robotKindOf } from '../../../src/robot/robot-findings.js';
import { parseWithRobot, robotParserAvailable, robotVerdict } from '../../../src/robot/robot-parser.js';

const python = sharedPythonHelper();
const robotInstalled = await robotParserAvailable(python);

describe("classifying Robot Framework's messages", () => {
  it.each([
    ["Unrecognized section header '*** Foo ***'. Valid sections: 'Settings'.", 'section'],
    ["Resource file with 'Test Cases' section is invalid.", 'section'],
    ["Non-existing setting 'Tgas'. Did you mean: Tags", 'setting'],
    ["Setting 'Arguments' is not allowed with tests or tasks.", 'setting'],
    ["Setting 'Suite Setup' is not allowed in resource file.", 'setting'],
    ["Setting 'Documentation' is allowed only once. Only the first value is used.", 'duplicate-setting'],
    ['TRY structure must have EXCEPT or FINALLY branch.', 'try-branches'],
    ['Test cannot be empty.', 'empty-body'],
    ['User keyword cannot be empty.', 'empty-body'],
    ['FOR loop cannot be empty.', 'empty-block'],
    ['ELSE IF branch cannot be empty.', 'empty-block'],
    ['Test name cannot be empty.', 'empty-name'],
    ['TRY must have closing END.', 'unclosed'],
    ['END is not allowed in this context.', 'stray'],
    ['CONTINUE is not allowed in this context.', 'misplaced'],
    ['BREAK can only be used inside a loop.', 'misplaced'],
    ["Invalid variable name 'X'.", 'variable'],
    ['FOR loop has no values.', 'robot'],
  ])('%s → %s', (message, kind) => {
    expect(robotKindOf(message)).toBe(kind);
  });
});

describe('mergeRobotVerdict', () => {
  it("drops Robot's report of a problem we report on the same line, and keeps the rest", () => {
    const ours = [error('unclosed', 5, "'FOR' has no closing 'END'"), note('singular-header', 1, 'singular')];
    const merged = mergeRobotVerdict(ours, {
      errors: [
        { line: 5, message: 'FOR loop must have closing END.' },
        { line: 6, message: 'IF must have closing END.' },
        { line: 5, message: 'FOR loop has no values.' },
      ],
      warnings: [
        { line: 1, message: "Singular section headers like '*** Test Case ***' are deprecated." },
        { line: 9, message: "The '[Return]' setting is deprecated. Use the 'RETURN' statement instead." },
      ],
    });
    expect(merged.slice(2).map(({ severity, line, message }) => [severity, line, message])).toEqual([
      ['error', 6, 'Robot Framework: IF must have closing END.'],
      ['error', 5, 'Robot Framework: FOR loop has no values.'],
      ['note', 9, "Robot Framework: The '[Return]' setting is deprecated. Use the 'RETURN' statement instead."],
    ]);
  });
});

describe('the interpreter', () => {
  it('is WRITER_PYTHON when set, else python3', () => {
    expect(pythonInterpreter({ WRITER_PYTHON: '/opt/py/bin/python' })).toBe('/opt/py/bin/python');
    expect(pythonInterpreter({ WRITER_PYTHON: '' })).toBe('python3');
    expect(pythonInterpreter({})).toBe('python3');
  });

  it('is asked about Robot Framework once per helper', () => {
    const helper = sharedPythonHelper();
    expect(helper.capabilities()).toBe(helper.capabilities());
  });
});

describe.runIf(robotInstalled).concurrent("Robot Framework's parser", () => {
  it('reports errors with their lines, on one line each', async ({ expect }) => {
    const text = '*** Test Cases ***\nT\n    [Tgas]    a\n    FOR    ${i}    IN\n        Log    ${i}\n    END\n';
    expect(await parseWithRobot(text, { python })).toEqual([
      { line: 3, message: "Non-existing setting 'Tgas'. Did you mean: Tags" },
      { line: 4, message: 'FOR loop has no values.' },
    ]);
  });

  it('reads UTF-8 text and keeps line numbers after non-ASCII lines', async ({ expect }) => {
    const text = '*** Test Cases ***\nÜnïcödé ✓\n    Log    héllo — ✓\n    END\n';
    expect(await parseWithRobot(text, { python })).toEqual([{ line: 4, message: 'END is not allowed in this context.' }]);
  });

  it('parses resource files by their own rules and separates warnings', async ({ expect }) => {
    const resource = '*** Test Cases ***\nT\n    Log    x\n*** Keyword ***\nK\n    [Return]    1\n';
    expect(await robotVerdict(resource, 'resource', { python })).toEqual({
      errors: [{ line: 1, message: "Resource file with 'Test Cases' section is invalid." }],
      warnings: [
        {
          line: 4,
          message: "Singular section headers like '*** Keyword ***' are deprecated. Use plural format like '*** Keywords ***' instead.",
        },
        { line: 6, message: "The '[Return]' setting is deprecated. Use the 'RETURN' statement instead." },
      ],
    });
  });

  it('adds what only Robot finds to the suite check, prefixed', async ({ expect }) => {
    const text = '*** Test Cases ***\nT\n    FOR    ${i}    IN\n        Log    ${i}\n    END\n    FOR    ${i}\n';
    const result = await checkSuite(text, { suitePath: 't.robot', readFile: async () => undefined, validate: 'robot', python });
    expect(result.errors).toEqual([
      { line: 3, message: 'Robot Framework: FOR loop has no values.' },
      { line: 6, message: "'FOR' has no closing 'END'" },
      { line: 6, message: "'FOR' block has no steps" },
      { line: 6, message: "Robot Framework: FOR loop has no 'IN' or other valid separator." },
    ]);
  });
});
