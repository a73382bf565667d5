// Takes the suite out of a model's final reply: the fenced robot block if there
// is one, prose around it dropped. A reply without a `*** Section ***` header
// holds no suite.

import { LANGUAGES } from './data/languages.js';

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*$/;
const ROBOT_LANGUAGES = new Set(['robot', 'robotframework', 'robot-framework', 'robotframework-robot']);
/** Section headers in English (singular too) and in every language Robot reads. */
const SECTION_HEADER = new RegExp(
  `^\\*+\\s*(settings?|variables?|test cases?|tasks?|keywords?|comments?|${LANGUAGES.flatMap((language) => Object.keys(language.headers))
    .map((header) => header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'imu',
);

interface FencedBlock {
  language: string;
  body: string;
}

/** The suite text ending in one newline, or undefined when the reply holds none. */
export function extractSuite(reply: string): string | undefined {
  const blocks = fencedBlocks(reply);
  const candidates = [
    ...blocks.filter((block) => ROBOT_LANGUAGES.has(block.language)),
    ...blocks.filter((block) => !ROBOT_LANGUAGES.has(block.language)),
  ].map((block) => block.body);
  if (!blocks.length) candidates.push(fromFirstHeader(reply));
  const suite = candidates.find((text) => SECTION_HEADER.test(text));
  return suite === undefined ? undefined : normaliseSuite(suite);
}

function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  let open: { fence: string; language: string; body: string[] } | undefined;
  for (const line of lines) {
    if (!open) {
      const match = FENCE.exec(line.trim());
      if (match) open = { fence: match[1] as string, language: (match[2] ?? '').toLowerCase(), body: [] };
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith(open.fence) && trimmed.replace(/[`~]/g, '') === '') {
      blocks.push({ language: open.language, body: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  // A reply cut off inside its fence still carries the suite written so far.
  if (open) blocks.push({ language: open.language, body: open.body.join('\n') });
  return blocks;
}

function fromFirstHeader(text: string): string {
  const match = SECTION_HEADER.exec(text);
  return match ? text.slice(match.index) : text;
}

/** Line ends as LF, no trailing spaces or blank lines, one final newline: a suite as extractSuite returns it. */
export function normaliseSuite(suite: string): string {
  const lines = suite
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}
