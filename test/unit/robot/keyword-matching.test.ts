import { describe, expect, it } from 'vitest';

import { type Candidate, editDistance, nearest, patternDistance, WILDCARD } from '../../../src/robot/edit-distance.js';
import { KeywordIndex } from '../../../src/robot/keyword-index.js';
import { embeddedKeyword, embeddedMatcher, normalizeKeywordName, withoutBddPrefix } from '../../../src/robot/keyword-name.js';
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

  it('matches a crafted pattern against a long name within a second', () => {
    // `(a+)+` makes a backtracking engine try every split of the a's: hours for this name.
    const matches = embeddedMatcher('Do ${x:(a+)+}')!;
    const started = performance.now();
    expect(matches(`Do ${'a'.repeat(1_500)}b`)).toBe(false);
    expect(matches(`Do ${'a'.repeat(1_500)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('sets aside a pattern it cannot run safely, and says why', () => {
    const backreference = embeddedKeyword('Use ${x:(ab)\\1} Twice')!;
    expect(backreference.unsafe).toMatch(/\\1/);
    // Not run: the argument takes any text, as without a pattern.
    expect(backreference.matches('Use abab Twice')).toBe(true);
    expect(backreference.matches('Use whatever Twice')).toBe(true);
    expect(embeddedKeyword('Ahead ${x:a(?=b)}')!.unsafe).toMatch(/\(\?=/);
    expect(embeddedKeyword('Wait ${n:\\d+} Seconds')!.unsafe).toBeUndefined();
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

  it('stops counting once a distance exceeds its bound', () => {
    expect(patternDistance([...'abcdefgh'], 'zzzzzzzz', 2)).toBe(3);
    expect(patternDistance([...'abcdefgh'], 'abcdefgz', 2)).toBe(1);
    expect(patternDistance([...'login', WILDCARD], 'lognadmin', 0)).toBe(1);
  });

  it('compares the candidates sharing the most characters first, so the nearest survives the bound on comparisons', () => {
    // 150 names one edit away from the target, and the exact name last of all.
    const names = [...Array.from({ length: 150 }, (_, index) => `order99${String.fromCharCode(0x4e00 + index)}`), 'order999'];
    const candidates = names.map((name) => ({ display: name, pattern: [...name] }));
    expect(nearest('order999', candidates, 1)).toEqual(['order999']);
  });

  it('searches nothing for a name too long to be a typo', () => {
    const candidates: Candidate[] = [{ display: 'Type ${text}', pattern: [...'type', WILDCARD] }];
    expect(nearest(`type${'x'.repeat(150)}`, candidates, 3)).toEqual(['Type ${text}']);
    expect(nearest(`type${'x'.repeat(200)}`, candidates, 3)).toEqual([]);
  });

  it('orders the nearest candidates and drops far ones', () => {
    const candidates = ['abcd', 'abce', 'xbcd', 'zzzz'].map((name) => ({ display: name, pattern: [...name] }));
    expect(nearest('abcd', candidates, 2)).toEqual(['abcd', 'abce']);
    expect(nearest('abcd', candidates, 5)).toEqual(['abcd', 'abce', 'xbcd']);
  });
});
