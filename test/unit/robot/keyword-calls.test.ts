import { describe, expect, it } from 'vitest';

import { keywordCalls } from '../../../src/robot/keyword-calls.js';
import { readRobot } from '../../../src/robot/reader.js';

const callsOf = (text: string): Array<[number, string]> => keywordCalls(readRobot(text)).map((call) => [call.line, call.name]);

describe('keywordCalls', () => {
  it('lists calls of steps, nested blocks and inline IF branches', () => {
    const text = [
      '*** Test Cases ***',
      'T',
      '    ${x}=    First',
      '    FOR    ${i}    IN    a',
      '        IF    $i    Second    ELSE    Third',
      '    END',
      '    VAR    ${y}    z',
    ].join('\n');
    expect(callsOf(text)).toEqual([
      [3, 'First'],
      [5, 'Second'],
      [5, 'Third'],
    ]);
  });

  it('lists keywords named in setup, teardown and template settings, skipping NONE', () => {
    const text = [
      '*** Settings ***',
      'Suite Setup    Start    arg',
      'Test Teardown    NONE',
      '*** Test Cases ***',
      'T',
      '    [Setup]    Prepare',
      '    [Teardown]',
      '    Step',
      '*** Keywords ***',
      'K',
      '    [Teardown]    Clean',
      '    Inner',
    ].join('\n');
    expect(callsOf(text)).toEqual([
      [2, 'Start'],
      [6, 'Prepare'],
      [8, 'Step'],
      [11, 'Clean'],
      [12, 'Inner'],
    ]);
  });

  it('follows keywords named as arguments of Run Keyword and relatives', () => {
    const text = [
      '*** Test Cases ***',
      'T',
      '    Run Keyword    A    arg',
      '    Run Keyword And Expect Error    *    B',
      '    Wait Until Keyword Succeeds    3x    1s    C    arg',
      '    Run Keyword If    $x    D    1    ELSE IF    $y    E    ELSE    F',
      '    Run Keywords    G    H',
      '    Run Keywords    I    1    AND    J',
      '    BuiltIn.Run Keyword    Run Keyword    K',
      '    Register Keyword To Run On Failure    NONE',
    ].join('\n');
    expect(callsOf(text).map(([, name]) => name)).toEqual([
      'Run Keyword',
      'A',
      'Run Keyword And Expect Error',
      'B',
      'Wait Until Keyword Succeeds',
      'C',
      'Run Keyword If',
      'D',
      'E',
      'F',
      'Run Keywords',
      'G',
      'H',
      'Run Keywords',
      'I',
      'J',
      'BuiltIn.Run Keyword',
      'Run Keyword',
      'K',
      'Register Keyword To Run On Failure',
    ]);
  });

  it('gives a keyword argument on a continuation line its own line', () => {
    expect(callsOf('*** Test Cases ***\nT\n    Run Keyword\n    ...    Later\n')).toEqual([
      [3, 'Run Keyword'],
      [4, 'Later'],
    ]);
  });

  it('treats rows of templated tests as data, unless the template is NONE', () => {
    const text = [
      '*** Settings ***',
      'Test Template    Check',
      '*** Test Cases ***',
      'Templated',
      '    not    a    call',
      'Own',
      '    [Template]    Other',
      '    data',
      'Off',
      '    [Template]    NONE',
      '    Real Call',
    ].join('\n');
    expect(callsOf(text)).toEqual([
      [2, 'Check'],
      [7, 'Other'],
      [11, 'Real Call'],
    ]);
  });
});
