// Robot Framework's variable names: how they compare (case, spaces and underscores
// ignored), which exist in every run, and which names a cell uses or defines, extended
// syntax (`${user.name}`, `${items}[0]`, `${SPACE * 4}`) included.

import { argumentName } from './argument-spec.js';
import { findVariables } from './variables.js';

/** Variables Robot Framework defines in every run (its user guide's built-in variables). */
const BUILT_IN = [
  'CURDIR',
  'TEMPDIR',
  'EXECDIR',
  '/',
  ':',
  '\\n',
  'SPACE',
  'True',
  'False',
  'None',
  'null',
  'EMPTY',
  'TEST NAME',
  'TEST TAGS',
  'TEST DOCUMENTATION',
  'TEST STATUS',
  'TEST MESSAGE',
  'PREV TEST NAME',
  'PREV TEST STATUS',
  'PREV TEST MESSAGE',
  'SUITE NAME',
  'SUITE SOURCE',
  'SUITE DOCUMENTATION',
  'SUITE METADATA',
  'SUITE STATUS',
  'SUITE MESSAGE',
  'KEYWORD STATUS',
  'KEYWORD MESSAGE',
  'LOG LEVEL',
  'OUTPUT DIR',
  'OUTPUT FILE',
  'REPORT FILE',
  'LOG FILE',
  'DEBUG FILE',
  'OPTIONS',
];

export const BUILT_IN_VARIABLES: ReadonlySet<string> = new Set(BUILT_IN.map(normalizeVariableName));

/** Integers, floats, binary, octal and hex: `${1}`, `${-2.5}`, `${1e3}`, `${0xFF}`, `${1_000}`. */
const NUMBER = /^[+-]?(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)$/;
/** Robot's extended syntax: the shortest base followed by a character that is neither space nor word. */
const EXTENDED = /^(.+?)([^\s\w].+)$/su;

/** `${Test_Name}` and `${test name}` are one variable. */
export function normalizeVariableName(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

export interface VariableUse {
  /** As reported: `${user}` for `${user.name}`. */
  display: string;
  /** The normalised names any of which makes the use valid (the full one and its extended base). */
  names: string[];
}

/**
 * The variables `text` reads. Environment variables, inline Python (`${{ }}`) and names
 * built from other variables are chosen at run time and are not judged; the variables
 * inside them are.
 */
export function variableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const variable of findVariables(text)) {
    const inner = text.slice(variable.start + 2, variable.end);
    if (variable.identifier === '%' || variable.base.startsWith('{') || findVariables(variable.base).length > 0) {
      uses.push(...variableUses(inner));
      continue;
    }
    // Items (`${d}[${key}]`) may hold variables of their own.
    uses.push(...variableUses(text.slice(variable.start + 3 + variable.base.length, variable.end)));
    // Robot reads `${10 000 000}` and `${1_000}` as numbers too.
    if (NUMBER.test(variable.base.replace(/[\s_]/g, ''))) continue;
    const names = [normalizeVariableName(variable.base)];
    const extended = EXTENDED.exec(variable.base);
    if (extended !== null) names.push(normalizeVariableName(extended[1]!));
    if (names.some((name) => BUILT_IN_VARIABLES.has(name))) continue;
    const shown = extended === null ? variable.base : extended[1]!.trimEnd();
    uses.push({ display: `${variable.identifier}{${shown}}`, names });
  }
  return uses;
}

/**
 * The variable a definition cell names: `${x}`, `${x}=`, `@{list} =`, `${x: int}=`, `x`
 * of `${x}`; undefined when it is not a plain variable (`${d}[key]=` sets an item).
 */
export function definedName(cell: string): string | undefined {
  const target = cell.endsWith('=') ? cell.slice(0, -1).trimEnd() : cell;
  const match = /^[$@&]\{(.+)\}$/s.exec(target);
  if (match === null || findVariables(target).length !== 1 || findVariables(target)[0]!.end !== target.length) return undefined;
  if (findVariables(match[1]!).length > 0) return undefined;
  return normalizeVariableName(argumentName(match[1]!));
}

/**
 * The name `Set Suite Variable` and its relatives set: `${x}`, `\${x}`, `$x`, `@{x}`, `&{x}`;
 * undefined when the name is built from other variables.
 */
export function setVariableName(cell: string): string | undefined {
  const unescaped = cell.replace(/^\\/, '');
  const bare = /^[$@&]([^{].*)$/s.exec(unescaped);
  if (bare !== null) return findVariables(bare[1]!).length > 0 ? undefined : normalizeVariableName(bare[1]!);
  return definedName(unescaped);
}
