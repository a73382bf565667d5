// The vocabulary a file is read with: English plus the languages it or the run names
// (`Language: fr`, `--language`, robot.toml), as Robot Framework's own definitions say.

import { LANGUAGES, type LanguageDefinition } from './data/languages.js';

export interface Vocabulary {
  /** Codes of the languages in effect besides English, e.g. `['fr']`. */
  codes: readonly string[];
  /** Normalised header or setting name to Robot's English name. */
  headers: ReadonlyMap<string, string>;
  settings: ReadonlyMap<string, string>;
  /** Normalised Given/When/Then/And/But prefixes, longest first. */
  bddPrefixes: readonly string[];
}

const ENGLISH = LANGUAGES.find((language) => language.code === 'en')!;

/** Robot compares headers and settings with whitespace collapsed and case ignored. */
export function normalizeTerm(term: string): string {
  return term.trim().split(/\s+/).join(' ').toLowerCase();
}

/** A language by code or name, as Robot matches them: case and spaces ignored, `-` in codes too. */
export function findLanguage(nameOrCode: string): LanguageDefinition | undefined {
  const wanted = nameOrCode.toLowerCase().replace(/\s+/g, '');
  return LANGUAGES.find(
    (language) =>
      language.code.toLowerCase().replace(/-/g, '') === wanted.replace(/-/g, '') ||
      language.name.toLowerCase().replace(/\s+/g, '') === wanted,
  );
}

const vocabularies = new Map<string, Vocabulary>();

/** English always, then each named language; names no language knows are left out (callers report them). */
export function vocabularyOf(names: readonly string[]): Vocabulary {
  const key = names.join('\u0000');
  let vocabulary = vocabularies.get(key);
  if (vocabulary === undefined) {
    vocabulary = buildVocabulary(names);
    vocabularies.set(key, vocabulary);
  }
  return vocabulary;
}

function buildVocabulary(names: readonly string[]): Vocabulary {
  const languages = [ENGLISH];
  for (const name of names) {
    const language = findLanguage(name);
    if (language !== undefined && !languages.includes(language)) languages.push(language);
  }
  const headers = new Map<string, string>();
  const settings = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const language of languages) {
    for (const [term, english] of Object.entries(language.headers)) headers.set(normalizeTerm(term), english);
    for (const [term, english] of Object.entries(language.settings)) settings.set(normalizeTerm(term), english);
    for (const prefix of language.bdd) prefixes.add(normalizeTerm(prefix));
  }
  return {
    codes: languages.slice(1).map((language) => language.code),
    headers,
    settings,
    bddPrefixes: [...prefixes].sort((a, b) => b.length - a.length),
  };
}

export const ENGLISH_VOCABULARY: Vocabulary = vocabularyOf([]);

/** `Language: French` before the first section: the value, or undefined for any other line. */
export function languageConfig(cells: readonly string[]): string | undefined {
  // Robot joins the row's cells with spaces before looking for the `language:` prefix.
  const row = cells.join(' ');
  const colon = row.indexOf(':');
  if (colon === -1 || row.slice(0, colon).toLowerCase() !== 'language') return undefined;
  return row.slice(colon + 1).trim();
}

/** The names of every language Robot knows, for messages. */
export function knownLanguageCodes(): string[] {
  return LANGUAGES.map((language) => language.code);
}
