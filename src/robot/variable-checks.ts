// Checks that every variable a test or keyword reads is defined where Robot Framework will
// look: assigned before in the same body, an argument or loop variable, in the suite's or a
// resource's Variables section or a variable file, set with `Set Suite Variable` and its
// relatives or `VAR  scope=`, built in, or given on the command line.

import { nearest } from './edit-distance.js';
import { isTemplated, keywordCalls } from './keyword-calls.js';
import { normalizeKeywordName } from './keyword-name.js';
import { MAX_SUGGESTIONS } from './keyword-index.js';
import type { Cell, RobotFile, Setting, Step, UserKeyword } from './model.js';
import { type Finding, error, note } from './problems.js';
import { declaredArguments, embeddedArgumentNames } from './user-keywords.js';
import { type VariableUse, definedName, normalizeVariableName, setVariableName, variableUses } from './variable-names.js';

/** Variables listed in the note about unknown sources; the count covers the rest. */
const MAX_LISTED_VARIABLES = 5;

/** What a file's bodies may read besides their own variables. */
export interface SuiteVariables {
  /** Normalised names: Variables sections, variable files, set names, the command line. */
  known: ReadonlySet<string>;
  /** Names as written, for suggestions. */
  display: ReadonlyMap<string, string>;
  /** Sources that may define more than we know (a dynamic variable file, a missing resource...). */
  unknownSources: readonly string[];
}

/** BuiltIn keywords whose first argument names a variable rather than reading it. */
const NAMING_KEYWORDS = new Set(
  [
    'Set Test Variable',
    'Set Task Variable',
    'Set Suite Variable',
    'Set Global Variable',
    'Set Local Variable',
    'Get Variable Value',
    'Variable Should Exist',
    'Variable Should Not Exist',
  ].map(normalizeKeywordName),
);
const SETTING_KEYWORDS = new Set(
  ['Set Test Variable', 'Set Task Variable', 'Set Suite Variable', 'Set Global Variable'].map(normalizeKeywordName),
);
const GLOBAL_SETTING_KEYWORD = normalizeKeywordName('Set Global Variable');
const LOCAL_SETTING_KEYWORD = normalizeKeywordName('Set Local Variable');
/** Suite settings whose values are read when the suite runs. */
const READ_SUITE_SETTINGS = new Set(['Suite Setup', 'Suite Teardown', 'Test Setup', 'Test Teardown', 'Test Timeout', 'Library']);
const READ_BEFORE_BODY = new Set(['Setup', 'Timeout']);
const READ_AFTER_BODY = new Set(['Teardown', 'Return']);

/** A variable read where nothing defines it. */
interface UndefinedUse {
  use: VariableUse;
  line: number;
}

/** Names a file defines for every body of its suite: its Variables section and the variables it sets. */
export function fileLevelVariables(file: RobotFile): { names: Map<string, string>; global: Set<string>; dynamic: boolean } {
  const names = new Map<string, string>();
  const global = new Set<string>();
  let dynamic = false;
  for (const variable of file.variables) {
    const name = definedName(variable.name);
    if (name !== undefined) names.set(name, variable.name.replace(/\s*=$/, ''));
  }
  // Every call counts: in bodies, in setup and teardown settings, and under Run Keyword.
  for (const call of keywordCalls(file)) {
    const keyword = normalizeKeywordName(call.name.replace(/^builtin\./i, ''));
    const first = call.args?.[0];
    if (!SETTING_KEYWORDS.has(keyword) || first === undefined) continue;
    const name = setVariableName(first.value);
    if (name === undefined) dynamic = true;
    else {
      names.set(name, first.value.replace(/^\\/, ''));
      if (keyword === GLOBAL_SETTING_KEYWORD) global.add(name);
    }
  }
  const visit = (steps: readonly Step[]): void => {
    for (const step of steps) {
      if (step.kind === 'var') {
        const scope = step.cells
          .find((cell) => /^scope=/i.test(cell.value))
          ?.value.slice(6)
          .toUpperCase();
        const target = step.cells[1];
        if (scope !== undefined && scope !== 'LOCAL' && target !== undefined) {
          const name = definedName(target.value);
          if (name === undefined) dynamic = true;
          else {
            names.set(name, target.value);
            if (scope === 'GLOBAL') global.add(name);
          }
        }
      }
      for (const body of childBodies(step)) visit(body);
    }
  };
  for (const test of file.tests) visit(test.body);
  for (const keyword of file.keywords) visit(keyword.body);
  return { names, global, dynamic };
}

export function variableFindings(file: RobotFile, suite: SuiteVariables): Finding[] {
  const undefinedUses = undefinedVariables(file, suite.known);
  if (suite.unknownSources.length > 0) return unknownSourcesNote(undefinedUses, suite.unknownSources);
  const candidates = [...suite.display.entries()].map(([name, shown]) => ({ display: shown, pattern: [...name] }));
  return undefinedUses.map(({ use, line }) =>
    error('undefined-variable', line, `undefined variable '${use.display}'`, nearest(use.names[0]!, candidates, MAX_SUGGESTIONS)),
  );
}

/**
 * Variables a file reads without defining them itself, for telling which names a
 * repository gives on the command line: only the file's own definitions count.
 */
export function variablesUsedWithoutDefinition(file: RobotFile): string[] {
  const own = fileLevelVariables(file);
  return [...new Set(undefinedVariables(file, new Set(own.names.keys())).map(({ use }) => use.names.at(-1)!))];
}

function unknownSourcesNote(uses: readonly UndefinedUse[], sources: readonly string[]): Finding[] {
  if (uses.length === 0) return [];
  const names = [...new Set(uses.map(({ use }) => use.display))];
  const listed = names
    .slice(0, MAX_LISTED_VARIABLES)
    .map((name) => `'${name}'`)
    .join(', ');
  const more = names.length > MAX_LISTED_VARIABLES ? ` and ${names.length - MAX_LISTED_VARIABLES} more` : '';
  return [
    {
      ...note(
        'unknown-sources',
        Math.min(...uses.map(({ line }) => line)),
        `variables not defined in the file, its resources or variable files were not checked; ` +
          `they may come from ${[...new Set(sources)].join(', ')}: ${listed}${more}`,
      ),
      unchecked: { kind: 'undefined-variable', lines: uses.map(({ line }) => line) },
    },
  ];
}

/** Every read of a variable that nothing in scope defines, once per name and line. */
function undefinedVariables(file: RobotFile, known: ReadonlySet<string>): UndefinedUse[] {
  const found: UndefinedUse[] = [];
  const reported = new Set<string>();
  const read = (cells: readonly Cell[], scope: ReadonlySet<string>): void => {
    for (const cell of cells) {
      for (const use of variableUses(cell.value)) {
        if (use.names.some((name) => scope.has(name) || known.has(name))) continue;
        const key = `${cell.line}\u0000${use.names[0]!}`;
        if (reported.has(key)) continue;
        reported.add(key);
        found.push({ use, line: cell.line });
      }
    }
  };
  const suiteScope = new Set<string>();
  for (const setting of file.settings) {
    if (setting.canonical !== undefined && READ_SUITE_SETTINGS.has(setting.canonical)) read(setting.values, suiteScope);
  }
  for (const variable of file.variables) read(variable.values, suiteScope);
  const suiteTemplate = file.settings.find((setting) => setting.canonical === 'Test Template');
  for (const test of file.tests) {
    // A misplaced `[Arguments]` is reported as such; its names are not reported again.
    const scope = new Set(
      test.settings
        .filter((setting) => setting.canonical === 'Arguments')
        .flatMap((setting) =>
          setting.values.flatMap((cell) => definedName(cell.value.split('}=')[0]!.concat(cell.value.includes('}=') ? '}' : '')) ?? []),
        ),
    );
    readSettings(test.settings, READ_BEFORE_BODY, scope, read);
    walk(test.body, scope, read, isTemplated(test, suiteTemplate));
    readSettings(test.settings, READ_AFTER_BODY, scope, read);
  }
  for (const keyword of file.keywords) {
    const scope = keywordScope(keyword, read);
    readSettings(keyword.settings, READ_BEFORE_BODY, scope, read);
    walk(keyword.body, scope, read, false);
    readSettings(keyword.settings, READ_AFTER_BODY, scope, read);
  }
  return found.sort((a, b) => a.line - b.line);
}

type Reader = (cells: readonly Cell[], scope: ReadonlySet<string>) => void;

function readSettings(settings: readonly Setting[], which: ReadonlySet<string>, scope: ReadonlySet<string>, read: Reader): void {
  for (const setting of settings) {
    if (setting.canonical !== undefined && which.has(setting.canonical)) read(setting.values, scope);
  }
}

/** Embedded arguments, then `[Arguments]` in order: a default may read the arguments before it. */
function keywordScope(keyword: UserKeyword, read: Reader): Set<string> {
  const scope = new Set(embeddedArgumentNames(keyword.name).map(normalizeVariableName));
  const setting = keyword.settings.filter((entry) => entry.canonical === 'Arguments').at(-1);
  declaredArguments(keyword).forEach((declared, index) => {
    const equals = declared.indexOf('}=');
    if (equals !== -1 && setting !== undefined) {
      read([{ value: declared.slice(equals + 2), line: setting.values[index]!.line }], scope);
    }
    const name = definedName(equals === -1 ? declared : declared.slice(0, equals + 1));
    if (name !== undefined) scope.add(name);
  });
  return scope;
}

/** Reads and definitions in the order Robot runs them; branches all define for what follows. */
function walk(steps: readonly Step[], scope: Set<string>, read: Reader, templated: boolean): void {
  const define = (cells: readonly Cell[]): void => {
    for (const cell of cells) {
      const name = definedName(cell.value);
      if (name !== undefined) scope.add(name);
      else read([{ value: assignedBase(cell.value), line: cell.line }], scope);
    }
  };
  for (const step of steps) {
    switch (step.kind) {
      case 'call': {
        if (templated) {
          read(step.cells, scope);
          break;
        }
        const keyword = step.keyword === undefined ? undefined : normalizeKeywordName(step.keyword.value.replace(/^builtin\./i, ''));
        const namesVariable = keyword !== undefined && NAMING_KEYWORDS.has(keyword);
        if (step.keyword !== undefined) read([step.keyword], scope);
        read(namesVariable ? step.args.slice(1) : step.args, scope);
        define(step.assign);
        if (keyword === LOCAL_SETTING_KEYWORD && step.args[0] !== undefined) {
          const name = setVariableName(step.args[0].value);
          if (name !== undefined) scope.add(name);
        }
        break;
      }
      case 'for':
        read(step.values, scope);
        define(step.variables);
        walk(step.body, scope, read, false);
        break;
      case 'while':
        read([...(step.condition === undefined ? [] : [step.condition]), ...step.options], scope);
        walk(step.body, scope, read, false);
        break;
      case 'if':
        for (const branch of step.branches) {
          if (branch.condition !== undefined) read([branch.condition], scope);
          walk(branch.body, scope, read, false);
        }
        define(step.assign);
        break;
      case 'try':
        for (const branch of step.branches) {
          const as = branch.args.findIndex((cell) => cell.value === 'AS');
          read(as === -1 ? branch.args : branch.args.slice(0, as), scope);
          if (as !== -1) define(branch.args.slice(as + 1, as + 2));
          walk(branch.body, scope, read, false);
        }
        break;
      case 'group':
        if (step.name !== undefined) read([step.name], scope);
        walk(step.body, scope, read, false);
        break;
      case 'var': {
        const [, target, ...values] = step.cells;
        read(values, scope);
        if (target !== undefined) define([target]);
        break;
      }
      case 'return':
      case 'break':
      case 'continue':
        read(step.args, scope);
        break;
      case 'stray':
        break;
    }
  }
}

/** `${d}[key]=` reads `${d}`; `${obj.attr}=` defines a new name or sets an attribute, so reads nothing. */
function assignedBase(cell: string): string {
  const target = cell.endsWith('=') ? cell.slice(0, -1).trimEnd() : cell;
  const item = /^([$@&]\{[^}]*\})\[/.exec(target);
  return item === null ? '' : item[1]!;
}

function childBodies(step: Step): ReadonlyArray<readonly Step[]> {
  switch (step.kind) {
    case 'for':
    case 'while':
    case 'group':
      return [step.body];
    case 'if':
    case 'try':
      return step.branches.map((branch) => branch.body);
    default:
      return [];
  }
}
