// Reads Robot Framework source into the typed model of model.ts: sections, settings,
// variables, tests and keywords with their steps, every item carrying its 1-based line.
// Localised files are read in their languages (`Language: fr` lines and the run's own).

import { readBody } from './body-reader.js';
import { type Vocabulary, findLanguage, languageConfig, vocabularyOf } from './languages.js';
import type { Cell, RobotFile, Section, SectionKind, Statement, TestCase, UserKeyword } from './model.js';
import { isSectionHeader, readSectionHeader } from './section-headers.js';
import { canonicalFileSetting } from './setting-names.js';
import { splitStatements } from './statements.js';

export interface ReadOptions {
  /** Languages of the run (`--language`, robot.toml) besides English. */
  languages?: readonly string[];
}

/** A test or keyword whose rows are still being collected. */
interface OpenDefinition {
  name: string;
  line: number;
  section: SectionKind;
  rows: Cell[][];
}

export function readRobot(text: string, options: ReadOptions = {}): RobotFile {
  const languages = [...(options.languages ?? [])];
  let vocabulary = vocabularyOf(languages);
  const file: RobotFile = {
    preamble: [],
    languageLines: [],
    languages: vocabulary.codes,
    sections: [],
    settings: [],
    variables: [],
    tests: [],
    keywords: [],
  };
  let section: Section | undefined;
  let open: OpenDefinition | undefined;
  const finish = (): void => {
    if (open !== undefined) addDefinition(file, open, vocabulary);
    open = undefined;
  };

  for (const statement of splitStatements(text)) {
    const first = statement.cells[0]!;
    if (isSectionHeader(first.value)) {
      finish();
      section = { ...readSectionHeader(first.value, vocabulary), header: first.value, line: first.line };
      file.sections.push(section);
      continue;
    }
    switch (section?.kind) {
      case undefined: {
        file.preamble.push(statement);
        // As in Robot, a language named at the top applies from there on, headers included.
        const language = languageConfig(statement.cells.map((cell) => cell.value));
        if (language !== undefined) {
          const known = findLanguage(language) !== undefined;
          file.languageLines.push({ line: statement.line, value: language, known });
          if (known) {
            languages.push(language);
            vocabulary = vocabularyOf(languages);
            file.languages = vocabulary.codes;
          }
        }
        break;
      }
      case 'settings':
        file.settings.push({
          name: first.value,
          canonical: canonicalFileSetting(first.value, vocabulary),
          line: first.line,
          values: statement.cells.slice(1),
        });
        break;
      case 'variables':
        file.variables.push({ name: first.value, line: first.line, values: statement.cells.slice(1) });
        break;
      case 'testCases':
      case 'tasks':
      case 'keywords': {
        const first = statement.cells[0]!;
        // A value in the first column names a new test or keyword; indented rows are its body.
        if (first.value !== '') {
          finish();
          open = { name: first.value.trim(), line: first.line, section: section.kind, rows: [] };
        }
        // Indented rows before any name still belong somewhere: a test without a name.
        open ??= { name: '', line: statement.line, section: section.kind, rows: [] };
        const row = bodyRow(statement);
        if (row.length > 0) open.rows.push(row);
        break;
      }
      default:
        // Comments and unknown sections hold nothing Robot Framework reads.
        break;
    }
  }
  finish();
  return file;
}

/** The cells after the name or the indentation. */
function bodyRow(statement: Statement): Cell[] {
  const cells = statement.cells[0]!.value === '' ? statement.cells : statement.cells.slice(1);
  const firstData = cells.findIndex((cell) => cell.value !== '');
  return firstData === -1 ? [] : cells.slice(firstData);
}

function addDefinition(file: RobotFile, definition: OpenDefinition, vocabulary: Vocabulary): void {
  const { settings, body } = readBody(definition.rows, vocabulary);
  if (definition.section === 'keywords') {
    const keyword: UserKeyword = { name: definition.name, line: definition.line, settings, body };
    file.keywords.push(keyword);
  } else {
    const test: TestCase = {
      name: definition.name,
      line: definition.line,
      section: definition.section === 'tasks' ? 'tasks' : 'testCases',
      settings,
      body,
    };
    file.tests.push(test);
  }
}
