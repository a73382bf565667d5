import { describe, expect, it } from 'vitest';

import { editDistance, nearest, patternDistance, WILDCARD } from '../../../src/robot/edit-distance.js';
import { KeywordIndex } from '../../../src/robot/keyword-index.js';
import {
  embeddedMatcher,
  normalizeKeywordName,
  withoutBddPrefix,
} from '../../../src/robot/keyword-name.js';
import { findVariables, isAssignment } from '../../../src/robot/variables.js';

describe('keyword names', () => {
  it('normalises case, spaces and underscores', () => {
    expect(normalizeKeywordName('Log_Many  Values')).toBe('logmanyvalues');
    expect(normalizeKeywordName('logManyValues')).toBe('logmanyvalues');
  });

  it('strips one BDD prefix', () => {
    expect(withoutBddPrefix('Given the user logs in')).toBe('the user logs in');
    expect(withoutBddPrefix('and  Something')).toBe('Something');
    expect(withoutBddPrefix('BUT it works')).toBe('it works');
    expect(withoutBddPrefix('Givens are plural')).toBeUndefined();
    expect(withoutBddPrefix('Then')).toBeUndefined();
  });
});

describe('embedded arguments', () => {
  it('matches any text for a plain argument, case-insensitively', () => {
    const matches = embeddedMatcher('Login As ${user}')!;
    expect(matches('Login As admin')).toBe(true);
    expect(matches('login as Mary Ann')).toBe(true);
    expect(matches('Login As ${DEFAULT_USER}')).toBe(true);
    expect(matches('Login Asadmin')).toBe(false);
    expect(matches('Logout As admin')).toBe(false);
  });

  it('honours custom patterns, but lets a variable fill any argument', () => {
    const matches = embeddedMatcher('The Report Has ${count:\\d+} Rows')!;
    expect(matches('The Report Has 12 Rows')).toBe(true);
    expect(matches('The Report Has ${n} Rows')).toBe(true);
    expect(matches('The Report Has many Rows')).toBe(false);
  });

  it('reads typed arguments and patterns with braces', () => {
    expect(embeddedMatcher('Wait ${seconds: int} Seconds')!('Wait 5 Seconds')).toBe(true);
    const code = embeddedMatcher('Code Is ${code:[A-Z]{3}}')!;
    expect(code('Code Is ABC')).toBe(true);
    expect(code('Code Is AB')).toBe(false);
  });

  it('is undefined for a name without embedded arguments', () => {
    expect(embeddedMatcher('Log Many')).toBeUndefined();
    expect(embeddedMatcher('Uses @{list}')).toBeUndefined();
  });
});

describe('variables', () => {
  it('finds variables with items and skips escaped ones', () => {
    expect(findVariables('a ${x}[k] \\${no} %{ENV} ${n${m}}').map((match) => [match.identifier, match.base])).toEqual([
      ['$', 'x'],
      ['%', 'ENV'],
      ['$', 'n${m}'],
    ]);
  });

  it('recognises assignment cells', () => {
    for (const cell of ['${x}', '${x}=', '${x} =', '@{list}=', '&{d}=', '${d}[key]=']) {
      expect(isAssignment(cell), cell).toBe(true);
    }
    for (const cell of ['Log', '${x} y', 'x=${y}', '%{ENV}=', '${x}==']) {
      expect(isAssignment(cell), cell).toBe(false);
    }
  });
});

describe('KeywordIndex', () => {
  const named = (...names: string[]) => names.map((name) => ({ name }));
  const index = new KeywordIndex([
    { qualifier: undefined, keywords: named('Open Session', 'Login As ${user}') },
    { qualifier: 'common', keywords: named('Close Session', 'Create Order') },
    { qualifier: 'BuiltIn', keywords: named('Log', 'Should Be Equal', 'Should Be Equal As Integers') },
    { qualifier: 'Coll', keywords: named('Append To List') },
  ]);

  it('resolves plain, embedded and BDD-prefixed names', () => {
    expect(index.resolves('open_session')).toBe(true);
    expect(index.resolves('Given Login As admin')).toBe(true);
    expect(index.resolves('When close session')).toBe(true);
    expect(index.resolves('Given Given Log')).toBe(false);
    expect(index.resolves('Opens Session')).toBe(false);
  });

  it('resolves qualified names only against the named source', () => {
    expect(index.resolves('common.Create Order')).toBe(true);
    expect(index.resolves('BuiltIn.Log')).toBe(true);
    expect(index.resolves('coll.append to list')).toBe(true);
    expect(index.resolves('BuiltIn.Create Order')).toBe(false);
    expect(index.resolves('Collections.Append To List')).toBe(false);
    expect(index.resolves('Then common.Close Session')).toBe(true);
  });

  it('suggests up to three near names, embedded ones included', () => {
    expect(index.suggest('Logn As admin')).toEqual(['Login As ${user}']);
    expect(index.suggest('Shuold Be Equal')).toEqual(['Should Be Equal']);
    expect(index.suggest('Clsoe Sesion')).toEqual(['Close Session']);
    expect(index.suggest('Something Else Entirely')).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts edits and lets wildcards absorb text', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(patternDistance([...'login', WILDCARD], 'loginasadmin')).toBe(0);
    expect(patternDistance([...'login', WILDCARD], 'lognadmin')).toBe(1);
  });

  it('orders the nearest candidates and drops far ones', () => {
    const candidates = ['abcd', 'abce', 'xbcd', 'zzzz'].map((name) => ({ display: name, pattern: [...name] }));
    expect(nearest('abcd', candidates, 2)).toEqual(['abcd', 'abce']);
    expect(nearest('abcd', candidates, 5)).toEqual(['abcd', 'abce', 'xbcd']);
  });
});
