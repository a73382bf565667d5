// Checks of a file's shape that need no other file: stray text, section headers, settings
// and their placement, empty tests and keywords, unclosed or stray block markers.

import { type Candidate, nearest } from './edit-distance.js';
import { MAX_SUGGESTIONS } from './keyword-index.js';
import { isTemplated } from './keyword-calls.js';
import type { RobotFile, Setting, Step, TestCase, UserKeyword } from './model.js';
import { type Finding, error, note } from './problems.js';
import { SECTION_HEADERS, headerName } from './section-headers.js';
import { type FileKind, KEYWORD_SETTINGS, TEST_SETTINGS, fileSettings, writableFileSettings } from './setting-names.js';
import { isAssignment } from './variables.js';

/** Long cells are cut in messages; the line number points at the rest. */
const QUOTE_LIMIT = 60;

const FILE_KIND_NAMES: Readonly<Record<FileKind, string>> = {
  suite: 'suite file',
  init: 'suite initialization file',
  resource: 'resource file',
};

/** Who wrote the file: writer (a suite it generated) or a person (a file of the repository). */
export type Origin = 'generated' | 'repository';

export function syntaxFindings(file: RobotFile, kind: FileKind, origin: Origin = 'generated'): Finding[] {
  const suiteTemplate = file.settings.find((setting) => setting.canonical === 'Test Template');
  return [
    ...preambleFindings(file, origin),
    ...sectionFindings(file, kind),
    ...noTestFindings(file, kind),
    ...file.settings.flatMap((setting) => fileSettingFindings(setting, kind)),
    ...duplicateSettingFindings(file.settings, fileSettings(kind)),
    ...variableFindings(file),
    ...file.tests.flatMap((test) => testFindings(test, isTemplated(test, suiteTemplate))),
    ...file.keywords.flatMap((keyword) => keywordFindings(keyword)),
  ];
}

/**
 * Robot keeps text before the first section as an implicit comment. In a file a person
 * wrote that is a note; in a generated suite it means a test that would never run.
 */
function preambleFindings(file: RobotFile, origin: Origin): Finding[] {
  const findings = file.languageLines
    .filter((config) => !config.known)
    .map((config) =>
      // Robot also imports a language module by name or path; writer cannot read one.
      /[./\\]/.test(config.value)
        ? note('language', config.line, `language module '${config.value}' is not read; its terms are not checked`)
        : error('language', config.line, `unknown language '${config.value}' in the 'Language:' line`),
    );
  const configured = new Set(file.languageLines.map((config) => config.line));
  const stray = file.preamble.find((statement) => !configured.has(statement.line));
  if (stray === undefined) return findings;
  const text = quote(stray.cells.map((cell) => cell.value).join('  '));
  if (origin === 'repository') {
    findings.push(note('preamble', stray.line, `text before the first section header is ignored: '${text}'`));
  } else {
    findings.push(error('preamble', stray.line, `content before the first section header: '${text}'`));
  }
  return findings;
}

/** Robot refuses to run a suite file that "contains no tests or tasks": an empty file, a cut-off reply, comments only. */
function noTestFindings(file: RobotFile, kind: FileKind): Finding[] {
  // A misspelt or cut-off header ('*** Test Cas') is reported as unknown already.
  if (kind !== 'suite' || file.tests.length > 0 || file.sections.some((section) => section.kind === 'unknown')) return [];
  const header = file.sections.find((section) => section.kind === 'testCases' || section.kind === 'tasks');
  const message = header
    ? `the '${quote(header.header)}' section holds no test or task; Robot Framework refuses a suite without one`
    : "the suite has no '*** Test Cases ***' section with a test; Robot Framework refuses a suite without one";
  return [error('no-tests', header?.line ?? 1, message)];
}

function sectionFindings(file: RobotFile, kind: FileKind): Finding[] {
  const findings: Finding[] = [];
  for (const section of file.sections) {
    if (section.kind === 'unknown') {
      const candidates = SECTION_HEADERS.map((header) => ({ display: header, pattern: [...compact(headerName(header))] }));
      findings.push(
        error(
          'section',
          section.line,
          `unknown section header '${section.header}'`,
          nearest(compact(headerName(section.header)), candidates, MAX_SUGGESTIONS),
        ),
      );
    } else if (kind !== 'suite' && (section.kind === 'testCases' || section.kind === 'tasks')) {
      findings.push(error('section', section.line, `a ${FILE_KIND_NAMES[kind]} cannot have a '${section.header}' section`));
    } else if (section.singular) {
      const plural = SECTION_HEADERS.find((header) => headerName(header).startsWith(headerName(section.header)));
      findings.push(
        note('singular-header', section.line, `singular section header '${section.header}' is deprecated; use '${plural ?? ''}'`),
      );
    }
  }
  return findings;
}

function fileSettingFindings(setting: Setting, kind: FileKind): Finding[] {
  if (setting.name === '') {
    return [error('setting', setting.line, 'indented row in the Settings section: settings start in the first column')];
  }
  if (setting.canonical === undefined) {
    const candidates = writableFileSettings(kind).map(plainCandidate);
    return [
      error('setting', setting.line, `unknown setting '${setting.name}'`, nearest(compact(setting.name), candidates, MAX_SUGGESTIONS)),
    ];
  }
  if (!fileSettings(kind).includes(setting.canonical)) {
    return [error('setting', setting.line, `setting '${setting.name}' is not allowed in a ${FILE_KIND_NAMES[kind]}`)];
  }
  return [];
}

function variableFindings(file: RobotFile): Finding[] {
  return file.variables
    .filter((variable) => !isVariableName(variable.name))
    .map((variable) =>
      variable.name === ''
        ? error('variable', variable.line, 'indented row in the Variables section: variables start in the first column')
        : error('variable', variable.line, `invalid variable name '${quote(variable.name)}'`),
    );
}

/** `${name}`, `@{list}`, `&{dict}`, optionally followed by `=`; no `[item]` access. */
function isVariableName(name: string): boolean {
  return isAssignment(name) && !/\]\s*=?$/.test(name);
}

function testFindings(test: TestCase, templated: boolean): Finding[] {
  const what = test.section === 'tasks' ? 'task' : 'test';
  const findings: Finding[] = [];
  if (test.name === '') {
    findings.push(error('empty-name', test.line, `indented row before the first ${what} name: ${what} names start in the first column`));
  }
  const settingProblems = localSettingFindings(test.settings, TEST_SETTINGS, what);
  findings.push(...settingProblems);
  // As in Robot, a broken setting row counts as content: its own error is enough.
  if (test.body.length === 0 && settingProblems.length === 0) {
    findings.push(error('empty-body', test.line, `${what} '${test.name}' has no steps`));
  }
  walkBody(test.body, { inKeyword: false, inLoop: false, inFinally: false, templated }, findings);
  return findings;
}

function keywordFindings(keyword: UserKeyword): Finding[] {
  const findings: Finding[] = [];
  if (keyword.name === '') {
    findings.push(error('empty-name', keyword.line, 'indented row before the first keyword name: keyword names start in the first column'));
  }
  const settingProblems = localSettingFindings(keyword.settings, KEYWORD_SETTINGS, 'keyword');
  findings.push(...settingProblems);
  const returns = keyword.settings.filter((setting) => setting.canonical === 'Return');
  for (const setting of returns) {
    findings.push(note('return-setting', setting.line, `'${setting.name}' is deprecated; use RETURN in the body`));
  }
  if (keyword.body.length === 0 && settingProblems.length === 0 && returns.length === 0) {
    findings.push(error('empty-body', keyword.line, `keyword '${keyword.name}' has no steps`));
  }
  walkBody(keyword.body, { inKeyword: true, inLoop: false, inFinally: false, templated: false }, findings);
  return findings;
}

/** Robot uses the first of a repeated setting and reports the rest; imports and metadata may repeat. */
const MULTI_USE_SETTINGS = new Set(['Metadata', 'Library', 'Resource', 'Variables']);

function duplicateSettingFindings(settings: readonly Setting[], allowed: readonly string[]): Finding[] {
  const seen = new Set<string>();
  return settings.flatMap((setting) => {
    const name = setting.canonical;
    if (name === undefined || !allowed.includes(name) || MULTI_USE_SETTINGS.has(name)) return [];
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [error('duplicate-setting', setting.line, `setting '${setting.name}' is allowed only once; Robot uses the first`)];
  });
}

function localSettingFindings(settings: readonly Setting[], allowed: readonly string[], owner: string): Finding[] {
  return [...placementFindings(settings, allowed, owner), ...duplicateSettingFindings(settings, allowed)];
}

function placementFindings(settings: readonly Setting[], allowed: readonly string[], owner: string): Finding[] {
  return settings.flatMap((setting) => {
    if (setting.canonical === undefined) {
      const candidates = allowed.map((name) => plainCandidate(`[${name}]`));
      return [
        error(
          'setting',
          setting.line,
          `unknown ${owner} setting '${setting.name}'`,
          nearest(compact(setting.name), candidates, MAX_SUGGESTIONS),
        ),
      ];
    }
    if (!allowed.includes(setting.canonical)) {
      return [error('setting', setting.line, `setting '${setting.name}' is not allowed in a ${owner}`)];
    }
    return [];
  });
}

interface BodyContext {
  inKeyword: boolean;
  inLoop: boolean;
  inFinally: boolean;
  /** Rows of a templated test are data, so a lone `${value}` row is fine there. */
  templated: boolean;
}

const STRAY_MESSAGES: Readonly<Record<string, string>> = {
  END: "'END' without an open FOR, WHILE, IF, TRY or GROUP block",
  ELSE: "'ELSE' outside an IF or TRY block",
  'ELSE IF': "'ELSE IF' outside an IF block",
  EXCEPT: "'EXCEPT' outside a TRY block",
  FINALLY: "'FINALLY' outside a TRY block",
};

function walkBody(steps: readonly Step[], context: BodyContext, findings: Finding[]): void {
  for (const step of steps) {
    switch (step.kind) {
      case 'call':
        if (step.keyword === undefined && !context.templated) {
          const assigned = step.assign.map((cell) => cell.value).join('  ');
          findings.push(error('missing-keyword', step.line, `'${quote(assigned)}' assigns a value but calls no keyword`));
        }
        break;
      case 'for':
      case 'while':
      case 'group': {
        const marker = step.kind.toUpperCase();
        if (step.end === undefined) findings.push(unclosed(marker, step.line));
        if (step.body.length === 0) findings.push(error('empty-block', step.line, `'${marker}' block has no steps`));
        walkBody(step.body, { ...context, inLoop: context.inLoop || step.kind !== 'group' }, findings);
        break;
      }
      case 'if':
        if (!step.inline && step.end === undefined) findings.push(unclosed('IF', step.line));
        for (const branch of step.branches) {
          if (branch.body.length === 0) findings.push(emptyBranch(branch.kind, branch.line));
          walkBody(branch.body, context, findings);
        }
        break;
      case 'try':
        if (step.end === undefined) findings.push(unclosed('TRY', step.line));
        if (!step.branches.some((branch) => branch.kind === 'EXCEPT' || branch.kind === 'FINALLY')) {
          findings.push(error('try-branches', step.line, "'TRY' needs an EXCEPT or FINALLY branch"));
        }
        for (const branch of step.branches) {
          if (branch.body.length === 0) findings.push(emptyBranch(branch.kind, branch.line));
          walkBody(branch.body, { ...context, inFinally: branch.kind === 'FINALLY' }, findings);
        }
        break;
      case 'return':
        if (!context.inKeyword) {
          findings.push(error('misplaced', step.line, "'RETURN' is only allowed in a keyword"));
        } else if (context.inFinally) {
          findings.push(error('misplaced', step.line, "'RETURN' is not allowed in a FINALLY branch"));
        }
        break;
      case 'break':
      case 'continue': {
        const marker = step.kind.toUpperCase();
        if (!context.inLoop) {
          findings.push(error('misplaced', step.line, `'${marker}' is only allowed inside a FOR or WHILE loop`));
        } else if (context.inFinally) {
          findings.push(error('misplaced', step.line, `'${marker}' is not allowed in a FINALLY branch`));
        }
        break;
      }
      case 'stray':
        findings.push(error('stray', step.line, STRAY_MESSAGES[step.marker] ?? `unexpected '${step.marker}'`));
        break;
      case 'var':
        break;
    }
  }
}

function unclosed(marker: string, line: number): Finding {
  return error('unclosed', line, `'${marker}' has no closing 'END'`);
}

function emptyBranch(marker: string, line: number): Finding {
  return error('empty-block', line, `'${marker}' branch has no steps`);
}

function plainCandidate(name: string): Candidate {
  return { display: name, pattern: [...compact(name)] };
}

/** Lower case without spaces or brackets, for comparing setting and section names. */
function compact(name: string): string {
  return name.toLowerCase().replace(/[\s[\]]+/g, '');
}

function quote(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT - 3)}...` : text;
}
