// Recognises section headers as Robot Framework 7 does: any first cell starting with `*`,
// compared case-insensitively after trimming stars, in English or the file's languages;
// English singular forms are accepted but deprecated.

import { ENGLISH_VOCABULARY, type Vocabulary } from './languages.js';
import type { SectionKind } from './model.js';

const HEADER_KINDS: ReadonlyArray<readonly [string, SectionKind]> = [
  ['Settings', 'settings'],
  ['Variables', 'variables'],
  ['Test Cases', 'testCases'],
  ['Tasks', 'tasks'],
  ['Keywords', 'keywords'],
  ['Comments', 'comments'],
];

/** The canonical (plural) header names, for messages and suggestions. */
export const SECTION_HEADERS: readonly string[] = HEADER_KINDS.map(([name]) => `*** ${name} ***`);

export function isSectionHeader(firstCell: string): boolean {
  return firstCell.startsWith('*');
}

export interface HeaderReading {
  kind: SectionKind;
  singular: boolean;
}

export function readSectionHeader(cell: string, vocabulary: Vocabulary = ENGLISH_VOCABULARY): HeaderReading {
  const name = headerName(cell);
  const english = vocabulary.headers.get(name);
  for (const [plural, kind] of HEADER_KINDS) {
    if (english === plural) return { kind, singular: false };
    if (name === plural.toLowerCase().slice(0, -1)) return { kind, singular: true };
  }
  return { kind: 'unknown', singular: false };
}

/** `*** Test  cases **` → `test cases`. */
export function headerName(cell: string): string {
  return cell
    .replace(/\s+/g, ' ')
    .replace(/^[* ]+|[* ]+$/g, '')
    .toLowerCase();
}
