// Recognises section headers as Robot Framework 7 does: any first cell starting with `*`,
// compared case-insensitively after trimming stars, singular forms accepted but deprecated.

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

export function readSectionHeader(cell: string): HeaderReading {
  const name = headerName(cell);
  for (const [plural, kind] of HEADER_KINDS) {
    const canonical = plural.toLowerCase();
    if (name === canonical) return { kind, singular: false };
    if (name === canonical.slice(0, -1)) return { kind, singular: true };
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
