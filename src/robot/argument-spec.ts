// What a keyword accepts and whether a call gives it that, by Robot Framework's rules:
// positional and named arguments, defaults, `*varargs`, named-only and `**kwargs`.
// The messages follow Robot's own ("expected 1 argument, got 2").

import { findVariables } from './variables.js';

export interface ArgumentSpec {
  positional: readonly string[];
  /** How many of `positional` lead and cannot be given by name (before a `/`). */
  positionalOnly: number;
  namedOnly: readonly string[];
  defaults: ReadonlySet<string>;
  varargs: boolean;
  kwargs: boolean;
}

/** libdoc's compact notation (`name`, `name=`, `/`, `*varargs`, `*`, `**kwargs`) as a spec. */
export function parseArgumentSpec(cells: readonly string[]): ArgumentSpec {
  const positional: string[] = [];
  const namedOnly: string[] = [];
  const defaults = new Set<string>();
  let positionalOnly = 0;
  let varargs = false;
  let kwargs = false;
  let named = false;
  for (const cell of cells) {
    if (cell === '/') {
      positionalOnly = positional.length;
    } else if (cell.startsWith('**')) {
      kwargs = true;
    } else if (cell.startsWith('*')) {
      varargs ||= cell !== '*';
      named = true;
    } else {
      const name = cell.endsWith('=') ? cell.slice(0, -1) : cell;
      if (cell.endsWith('=')) defaults.add(name);
      (named ? namedOnly : positional).push(name);
    }
  }
  return { positional, positionalOnly, namedOnly, defaults, varargs, kwargs };
}

/**
 * A user keyword's `[Arguments]` in the compact notation: `${a}` → `a`, `${b}=x` → `b=`,
 * `@{rest}` → `*rest`, a bare `@{}` → `*` (named-only after it), `&{options}` → `**options`.
 */
export function userKeywordArguments(cells: readonly string[]): string[] {
  return cells.flatMap((cell) => {
    const equals = cell.indexOf('}=');
    const declared = equals === -1 ? cell : cell.slice(0, equals + 1);
    const match = /^([$@&])\{(.*)\}$/s.exec(declared.trim());
    if (match === null) return [];
    const name = argumentName(match[2]!);
    if (match[1] === '@') return [name === '' ? '*' : `*${name}`];
    if (match[1] === '&') return [`**${name}`];
    return [equals === -1 ? name : `${name}=`];
  });
}

/** `a`, and `a` of `a: int` (a typed argument). */
export function argumentName(declared: string): string {
  const typed = /^(.*?): \S/s.exec(declared);
  return (typed === null ? declared : typed[1]!).trim();
}

/**
 * What is wrong with giving `args` to a keyword with this spec, in Robot's words, or
 * undefined when Robot would accept it. Like Robot's dry run, a `@{list}` or `&{dict}`
 * argument makes the count unknowable, so nothing is reported.
 */
export function argumentProblem(spec: ArgumentSpec, args: readonly string[]): string | undefined {
  const positional: string[] = [];
  const named: string[] = [];
  const acceptsName = new Set([...spec.positional.slice(spec.positionalOnly), ...spec.namedOnly]);
  for (const [index, arg] of args.entries()) {
    if (isListVariable(arg)) return undefined;
    if (index >= spec.positionalOnly && isDictVariable(arg)) return undefined;
    const name = index < spec.positionalOnly ? undefined : namedArgumentName(arg);
    if (name !== undefined && (named.length > 0 || spec.kwargs || acceptsName.has(name))) {
      named.push(name);
    } else if (named.length > 0) {
      return 'got positional argument after named arguments';
    } else {
      positional.push(arg);
    }
  }
  const positionalOrNamed = spec.positional.slice(spec.positionalOnly);
  for (const name of spec.positional.slice(spec.positionalOnly, positional.length)) {
    if (named.includes(name)) return `got multiple values for argument '${name}'`;
  }
  const count = positional.length + named.filter((name) => positionalOrNamed.includes(name)).length;
  const minimum = spec.positional.filter((name) => !spec.defaults.has(name)).length;
  const maximum = spec.varargs ? Infinity : spec.positional.length;
  if (count < minimum || count > maximum) return `takes ${expected(spec, minimum, maximum)}, got ${count}`;
  for (const name of spec.positional.slice(positional.length)) {
    if (!spec.defaults.has(name) && !named.includes(name)) return `missing value for argument '${name}'`;
  }
  const missing = spec.namedOnly.filter((name) => !spec.defaults.has(name) && !named.includes(name));
  if (missing.length > 0) return `missing named-only argument${plural(missing.length)} ${listed(missing)}`;
  if (!spec.kwargs) {
    const extra = [...new Set(named.filter((name) => !acceptsName.has(name)))];
    if (extra.length > 0) return `got unexpected named argument${plural(extra.length)} ${listed(extra)}`;
  }
  return undefined;
}

function expected(spec: ArgumentSpec, minimum: number, maximum: number): string {
  let text: string;
  if (minimum === maximum) text = `${minimum} argument${plural(minimum)}`;
  else if (maximum === Infinity) text = `at least ${minimum} argument${plural(minimum)}`;
  else text = `${minimum} to ${maximum} arguments`;
  // Named arguments do not count here, so say which ones do.
  return spec.kwargs || spec.namedOnly.length > 0 ? text.replace('argument', 'non-named argument') : text;
}

/** `name=value` → `name`; undefined without an unescaped `=`. */
export function namedArgumentName(arg: string): string | undefined {
  for (let index = 0; index < arg.length; index += 1) {
    if (arg[index] === '\\') index += 1;
    else if (arg[index] === '=') return arg.slice(0, index);
  }
  return undefined;
}

function isListVariable(arg: string): boolean {
  return isWholeVariable(arg, '@');
}

function isDictVariable(arg: string): boolean {
  return isWholeVariable(arg, '&');
}

function isWholeVariable(arg: string, identifier: string): boolean {
  const [only, ...rest] = findVariables(arg, identifier);
  return only !== undefined && rest.length === 0 && only.start === 0 && only.end === arg.length;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

function listed(names: readonly string[]): string {
  const quoted = [...names].sort().map((name) => `'${name}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}
