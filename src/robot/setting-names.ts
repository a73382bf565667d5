// The settings Robot Framework 7 accepts in each place (suite, init and resource files,
// tests, keywords) and their aliases; the reader names settings, the checks judge placement.

import { ENGLISH_VOCABULARY, type Vocabulary, normalizeTerm } from './languages.js';

/** Which kind of file a suite check is looking at; Robot accepts different settings in each. */
export type FileKind = 'suite' | 'init' | 'resource';

export const SUITE_SETTINGS: readonly string[] = [
  'Documentation',
  'Metadata',
  'Name',
  'Suite Setup',
  'Suite Teardown',
  'Test Setup',
  'Test Teardown',
  'Test Template',
  'Test Timeout',
  'Test Tags',
  'Default Tags',
  'Keyword Tags',
  'Library',
  'Resource',
  'Variables',
];

const INIT_SETTINGS: readonly string[] = SUITE_SETTINGS.filter((name) => name !== 'Test Template' && name !== 'Default Tags');

const RESOURCE_SETTINGS: readonly string[] = ['Documentation', 'Keyword Tags', 'Library', 'Resource', 'Variables'];

/** Older or task-flavoured spellings Robot maps onto a setting above. */
const SUITE_SETTING_ALIASES: Readonly<Record<string, string>> = {
  'Force Tags': 'Test Tags',
  'Task Tags': 'Test Tags',
  'Task Setup': 'Test Setup',
  'Task Teardown': 'Test Teardown',
  'Task Template': 'Test Template',
  'Task Timeout': 'Test Timeout',
};

export const TEST_SETTINGS: readonly string[] = ['Documentation', 'Metadata', 'Tags', 'Setup', 'Teardown', 'Template', 'Timeout'];

export const KEYWORD_SETTINGS: readonly string[] = ['Documentation', 'Arguments', 'Setup', 'Teardown', 'Timeout', 'Tags', 'Return'];

export function fileSettings(kind: FileKind): readonly string[] {
  if (kind === 'resource') return RESOURCE_SETTINGS;
  if (kind === 'init') return INIT_SETTINGS;
  return SUITE_SETTINGS;
}

/** Settings names as they may be written in a file of this kind, aliases included. */
export function writableFileSettings(kind: FileKind): string[] {
  const accepted = fileSettings(kind);
  const aliases = Object.entries(SUITE_SETTING_ALIASES)
    .filter(([, target]) => accepted.includes(target))
    .map(([alias]) => alias);
  return [...accepted, ...aliases];
}

/**
 * `suite  SETUP` → `Suite Setup`; `Task Setup` → `Test Setup`; `Mise en place de suite`
 * (French) → `Suite Setup`; undefined when unknown.
 */
export function canonicalFileSetting(written: string, vocabulary: Vocabulary = ENGLISH_VOCABULARY): string | undefined {
  const name = englishName(written, vocabulary);
  const aliased = SUITE_SETTING_ALIASES[name] ?? name;
  return SUITE_SETTINGS.includes(aliased) ? aliased : undefined;
}

export function isLocalSetting(cell: string): boolean {
  return cell.length >= 2 && cell.startsWith('[') && cell.endsWith(']');
}

/** `[tags]` → `Tags`, `[Étiquette]` (French) → `Tags`; undefined when neither tests nor keywords accept it. */
export function canonicalLocalSetting(written: string, vocabulary: Vocabulary = ENGLISH_VOCABULARY): string | undefined {
  const name = englishName(written.slice(1, -1), vocabulary);
  return TEST_SETTINGS.includes(name) || KEYWORD_SETTINGS.includes(name) ? name : undefined;
}

function englishName(written: string, vocabulary: Vocabulary): string {
  return vocabulary.settings.get(normalizeTerm(written)) ?? titleCase(written);
}

function titleCase(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}
