import { describe, expect, it } from 'vitest';
import { renderPrompt } from '../../src/app/prompts.js';
import { ALREADY_MATCHES, RemovalRefusedError, judgeUpdate, saysAlreadyMatches } from '../../src/app/update-suite.js';
import { compareOutlines, suiteOutline } from '../../src/robot/suite-outline.js';

const SUITE = `*** Settings ***
Library    Collections

*** Test Cases ***
First Check
    Log    one

Second_Check
    Log    two

*** Tasks ***
Nightly Cleanup
    Log    three

*** Keywords ***
Open The Shop
    Log    open
`;

describe('suiteOutline and compareOutlines', () => {
  it('names the test cases, tasks and keywords of a suite', () => {
    expect(suiteOutline(SUITE)).toEqual([
      { kind: 'test', name: 'First Check' },
      { kind: 'test', name: 'Second_Check' },
      { kind: 'test', name: 'Nightly Cleanup' },
      { kind: 'keyword', name: 'Open The Shop' },
    ]);
  });

  it('compares names as Robot Framework matches them, and counts a name that was there twice', () => {
    const before = [
      { kind: 'test' as const, name: 'Second_Check' },
      { kind: 'test' as const, name: 'Twice' },
      { kind: 'test' as const, name: 'Twice' },
      { kind: 'keyword' as const, name: 'Open The Shop' },
    ];
    const after = [
      { kind: 'test' as const, name: 'second check' },
      { kind: 'test' as const, name: 'Twice' },
      { kind: 'test' as const, name: 'Open The Shop' },
    ];
    expect(compareOutlines(before, after)).toEqual({
      added: [{ kind: 'test', name: 'Open The Shop' }],
      removed: [
        { kind: 'test', name: 'Twice' },
        { kind: 'keyword', name: 'Open The Shop' },
      ],
    });
  });
});

describe('judgeUpdate', () => {
  const current = { text: SUITE, source: 'disk' as const };
  const options = { targetPath: 'tests/shop.robot', removable: [] as string[], allowRemovals: false };

  it('takes an answer equal to the suite, up to trailing spaces and line ends, as no change: the old text stays', () => {
    const crlf = { text: SUITE.replace(/\n/g, '   \r\n'), source: 'disk' as const };
    expect(judgeUpdate(crlf, SUITE, options)).toEqual({ suite: crlf.text, change: { changed: false, added: [], removed: [] }, diff: '' });
  });

  it('reports what came and refuses what went unless the spec names it or removals are allowed', () => {
    const answer = SUITE.replace('Second_Check\n    Log    two\n\n', '').replace(
      '*** Keywords ***',
      '*** Keywords ***\nClose The Shop\n    Log    closed\n',
    );
    let refusal: unknown;
    try {
      judgeUpdate(current, answer, options);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RemovalRefusedError);
    expect((refusal as RemovalRefusedError).message).toBe(
      "the update removes test case 'Second_Check', which the spec does not ask to remove (rf.remove); tests/shop.robot is left as it was (--allow-removals accepts the update)",
    );
    expect((refusal as RemovalRefusedError).change).toEqual({
      changed: true,
      added: [{ kind: 'keyword', name: 'Close The Shop' }],
      removed: [{ kind: 'test', name: 'Second_Check' }],
    });
    expect((refusal as RemovalRefusedError).exitCode).toBe(1);

    const named = judgeUpdate(current, answer, { ...options, removable: ['second check'] });
    expect(named.suite).toBe(answer);
    expect(named.diff).toContain('--- a/tests/shop.robot\n+++ b/tests/shop.robot\n@@ ');
    expect(named.diff).toContain('\n-Second_Check\n');
    expect(named.diff).toContain('\n+Close The Shop\n');
    expect(judgeUpdate(current, answer, { ...options, allowRemovals: true }).change.removed).toHaveLength(1);
  });
});

describe('saysAlreadyMatches', () => {
  it('reads the marker on a line of its own, dressed or not, in a reply without a suite', () => {
    expect(saysAlreadyMatches(ALREADY_MATCHES)).toBe(true);
    expect(saysAlreadyMatches(`Nothing to change.\n\n**\`${ALREADY_MATCHES}\`**\n`)).toBe(true);
    expect(saysAlreadyMatches(`The suite says ${ALREADY_MATCHES} nowhere on its own line.`)).toBe(false);
    expect(saysAlreadyMatches(`${ALREADY_MATCHES}\n\n\`\`\`robot\n${SUITE}\`\`\`\n`)).toBe(false);
  });

  it('is the marker prompts/update.md asks for', async () => {
    const values = Object.fromEntries(
      [
        'project',
        'ref',
        'conventions_path',
        'target_path',
        'target_dir',
        'spec_file',
        'spec_json',
        'conventions_section',
        'current_suite',
        'suite_source',
      ].map((name) => [name, name]),
    );
    const prompt = await renderPrompt('update', { ...values, already_matches: ALREADY_MATCHES });
    expect(prompt).toContain(`If the suite already matches the spec, answer with this line alone and no suite:\n${ALREADY_MATCHES}\n`);
  });
});
