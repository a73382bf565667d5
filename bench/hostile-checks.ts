// Scenario 7: the checks on hostile suites, through `writer lint --validate builtin`.
// Suggestions for 2,000 unknown calls against 2,000 known keywords (the bounded
// search for near names), a crafted embedded pattern against a 50,000-character
// call (the linear-time matcher), and the largest file lint reads (5 MiB).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeFailure, memoryProbe, runWriter } from './cli.js';
import { median } from './format.js';

const RUNS = 3;
const KEYWORDS = 2_000;
const UNKNOWN_CALLS = 2_000;
const CRAFTED_CALL_CHARS = 50_000;
/** Just under lint's 5 MiB limit. */
const LARGE_FILE_BYTES = 5 * 1024 * 1024 - 1024;
const WORDS = [
  'order',
  'user',
  'login',
  'create',
  'cancel',
  'check',
  'verify',
  'open',
  'close',
  'session',
  'page',
  'button',
  'status',
  'item',
  'cart',
  'report',
];

export interface HostileChecksFigures {
  runs: number;
  suggestions: { keywords: number; calls: number; wallMs: number; peakRssKb?: number; suggested: number };
  crafted: { callChars: number; wallMs: number };
  largeFile: { bytes: number; wallMs: number; peakRssKb?: number };
}

/** The i-th name of four words: every keyword differs from the others in at least one word. */
function words(index: number, offset: number): string {
  const picked = [0, 1, 2, 3].map(
    (position) => WORDS[(Math.floor(index / WORDS.length ** position) + offset * (position + 1)) % WORDS.length]!,
  );
  return picked.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
}

async function timed(args: string[], expectCode: number): Promise<{ wallMs: number; peakRssKb?: number; stdout: string }> {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await runWriter(args, { memory: memoryProbe(), timeoutMs: 300_000 });
    if (result.code !== expectCode) throw new Error(`writer ${args[0]} failed (${describeFailure(result)})`);
    runs.push(result);
  }
  const peaks = runs.map((run) => run.peakRssKb).filter((value): value is number => value !== undefined);
  return { wallMs: median(runs.map((run) => run.wallMs)), peakRssKb: peaks.length ? median(peaks) : undefined, stdout: runs[0]!.stdout };
}

export async function benchHostileChecks(): Promise<HostileChecksFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'writer-bench-hostile-'));
  try {
    const known = Array.from({ length: KEYWORDS }, (_, index) => words(index, 0));
    // Calls one word away from a keyword: near enough to search, none of them defined.
    const calls = Array.from({ length: UNKNOWN_CALLS }, (_, index) => `${words(index, 0)} ${WORDS[index % WORDS.length]}`);
    await writeFile(
      path.join(dir, 'many.resource'),
      ['*** Keywords ***', ...known.map((name) => `${name}\n    No Operation`)].join('\n') + '\n',
    );
    const suite = path.join(dir, 'many.robot');
    await writeFile(
      suite,
      ['*** Settings ***', 'Resource    many.resource', '', '*** Test Cases ***', 'Many', ...calls.map((call) => `    ${call}`)].join(
        '\n',
      ) + '\n',
    );
    const many = await timed(['lint', '--validate', 'builtin', suite], 1);

    const crafted = path.join(dir, 'crafted.robot');
    await writeFile(
      crafted,
      [
        '*** Test Cases ***',
        'Crafted',
        `    Do ${'a'.repeat(CRAFTED_CALL_CHARS)}b`,
        '',
        '*** Keywords ***',
        'Do ${x:(a+)+}',
        '    No Operation',
      ].join('\n') + '\n',
    );
    const pattern = await timed(['lint', '--validate', 'builtin', crafted], 1);

    const large = path.join(dir, 'large.robot');
    const test = (index: number): string => `Test ${index}\n    Log    message number ${index}\n    Should Be Equal    \${x}    ${index}\n`;
    // ${x} is defined: a clean file, so the figure is the time to read and check it, not to report errors.
    let text = '*** Variables ***\n${x}    0\n\n*** Test Cases ***\n';
    for (let index = 0; text.length < LARGE_FILE_BYTES - 200; index++) text += test(index);
    await writeFile(large, text);
    const largeFile = await timed(['lint', '--validate', 'builtin', large], 0);

    return {
      runs: RUNS,
      suggestions: {
        keywords: KEYWORDS,
        calls: UNKNOWN_CALLS,
        wallMs: many.wallMs,
        peakRssKb: many.peakRssKb,
        suggested: many.stdout.split('\n').filter((line) => line.includes('did you mean')).length,
      },
      crafted: { callChars: CRAFTED_CALL_CHARS, wallMs: pattern.wallMs },
      largeFile: { bytes: Buffer.byteLength(text), wallMs: largeFile.wallMs, peakRssKb: largeFile.peakRssKb },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
