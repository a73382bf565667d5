// Reads the keywords of a Python library file without Python: the top-level functions of a
// module, or the methods of the class named like the module, with `@keyword` names,
// `@not_keyword`, `@library`, `ROBOT_AUTO_KEYWORDS` and `__all__` as Robot applies them.
// The helper answers the same question with Python's own `ast` when Python is present.

import type { KeywordSpec } from './library-spec.js';

/** The keywords, or why they cannot be known from the source (made at run time, inherited from elsewhere). */
export type SourceKeywords = { keywords: KeywordSpec[] } | { keywords: undefined; reason: string };

interface LogicalLine {
  indent: number;
  text: string;
}

interface FunctionDef {
  kind: 'def';
  name: string;
  params: string;
  decorators: Decorator[];
}

interface ClassDef {
  kind: 'class';
  name: string;
  bases: string[];
  decorators: Decorator[];
  body: Statement[];
}

type Statement =
  FunctionDef | ClassDef | { kind: 'assign'; name: string; value: string } | { kind: 'from-import'; names: string[] } | { kind: 'other' };

interface Decorator {
  /** The last part of the dotted name: `robot.api.deco.keyword` → `keyword`. */
  name: string;
  /** The text between the parentheses, when called. */
  args: string | undefined;
}

const DYNAMIC_METHODS = new Set(['get_keyword_names', '__getattr__']);
const PROPERTY_DECORATORS = new Set(['property', 'cached_property', 'setter', 'getter', 'deleter']);

export function readLibrarySource(text: string, module: string): SourceKeywords {
  const body = parseBlock(logicalLines(text), 0, 0).statements;
  const classes = new Map(body.flatMap((statement) => (statement.kind === 'class' ? [[statement.name, statement] as const] : [])));
  const libraryClass = classes.get(module);
  if (libraryClass === undefined) {
    // Robot takes the class named like the module, wherever it was defined (`from .library import SSHLibrary`).
    if (body.some((statement) => statement.kind === 'from-import' && statement.names.includes(module))) {
      return { keywords: undefined, reason: `class '${module}' comes from another module` };
    }
    return moduleKeywords(body);
  }

  const chain: ClassDef[] = [];
  for (let current: ClassDef | undefined = libraryClass; current !== undefined;) {
    chain.push(current);
    const bases: string[] = current.bases.filter((base) => base !== 'object');
    if (bases.length === 0) break;
    const base: ClassDef | undefined = bases.length === 1 ? classes.get(bases[0]!) : undefined;
    if (base === undefined || chain.includes(base)) {
      return { keywords: undefined, reason: `class '${libraryClass.name}' inherits from classes outside the file` };
    }
    current = base;
  }
  if (chain.some((item) => isDynamic(item.body))) {
    return { keywords: undefined, reason: `class '${libraryClass.name}' makes its keywords at run time` };
  }
  let auto = chain.map((item) => autoKeywords(item.body)).find((value) => value !== undefined);
  const library = libraryClass.decorators.find((decorator) => decorator.name === 'library');
  // @library turns automatic keywords off unless auto_keywords=True says otherwise.
  if (library !== undefined) auto = boolArgument(library.args, 'auto_keywords') ?? false;
  const keywords: KeywordSpec[] = [];
  const seen = new Set<string>();
  for (const item of chain) {
    for (const keyword of keywordsOf(item.body, auto !== false, true)) {
      if (seen.has(keyword.name)) continue;
      seen.add(keyword.name);
      keywords.push(publicSpec(keyword));
    }
  }
  return { keywords };
}

function moduleKeywords(body: Statement[]): SourceKeywords {
  if (isDynamic(body)) return { keywords: undefined, reason: 'the module makes its keywords at run time' };
  const auto = autoKeywords(body);
  const keywords = keywordsOf(body, auto !== false, false);
  if (auto !== false) {
    for (const statement of body) {
      if (statement.kind !== 'from-import') continue;
      for (const name of statement.names) {
        if (name !== '*' && !name.startsWith('_')) keywords.push({ python: name, name: printableName(name), args: undefined });
      }
    }
  }
  const listed = body.find((statement) => statement.kind === 'assign' && statement.name === '__all__');
  const names = listed?.kind === 'assign' ? stringList(listed.value) : undefined;
  const included = names === undefined ? keywords : keywords.filter((keyword) => names.includes(keyword.python));
  return { keywords: included.map(publicSpec) };
}

interface FoundKeyword extends KeywordSpec {
  /** The function's own name, which `__all__` lists. */
  python: string;
}

function publicSpec({ name, args }: FoundKeyword): KeywordSpec {
  return args === undefined ? { name } : { name, args };
}

function keywordsOf(body: Statement[], autoKeywords: boolean, method: boolean): FoundKeyword[] {
  const keywords: FoundKeyword[] = [];
  for (const statement of body) {
    if (statement.kind !== 'def') continue;
    const names = statement.decorators.map((decorator) => decorator.name);
    if (names.includes('not_keyword') || names.some((name) => PROPERTY_DECORATORS.has(name))) continue;
    const keyword = statement.decorators.find((decorator) => decorator.name === 'keyword');
    if (keyword === undefined && (!autoKeywords || statement.name.startsWith('_'))) continue;
    const given = keyword === undefined ? undefined : stringArgument(keyword.args, 'name');
    const dropFirst = method && !names.includes('staticmethod');
    keywords.push({
      python: statement.name,
      name: given || printableName(statement.name),
      args: argumentCells(statement.params, dropFirst),
    });
  }
  return keywords;
}

function isDynamic(body: Statement[]): boolean {
  return body.some((statement) => statement.kind === 'def' && DYNAMIC_METHODS.has(statement.name));
}

function autoKeywords(body: Statement[]): boolean | undefined {
  for (const statement of body) {
    if (statement.kind === 'assign' && statement.name === 'ROBOT_AUTO_KEYWORDS') {
      const value = constantTruth(statement.value);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

// ---- Arguments -------------------------------------------------------------------------

/** Python parameters in libdoc's compact order: `name`, `name=`, `/`, `*varargs`, `*`, `**kwargs`. */
function argumentCells(params: string, dropFirst: boolean): string[] {
  const positional: Array<{ name: string; hasDefault: boolean }> = [];
  const namedOnly: Array<{ name: string; hasDefault: boolean }> = [];
  let positionalOnly = 0;
  let varPositional: string | undefined;
  let varNamed: string | undefined;
  let afterStar = false;
  for (const raw of splitTopLevel(params, ',')) {
    const param = raw.trim();
    if (param === '') continue;
    if (param === '/') {
      positionalOnly = positional.length;
    } else if (param.startsWith('**')) {
      varNamed = identifier(param.slice(2));
    } else if (param.startsWith('*')) {
      afterStar = true;
      if (param !== '*') varPositional = identifier(param.slice(1));
    } else {
      const entry = { name: identifier(param), hasDefault: splitTopLevel(param, '=').length > 1 };
      (afterStar ? namedOnly : positional).push(entry);
    }
  }
  if (dropFirst && positional.length > 0) {
    positional.shift();
    positionalOnly = Math.max(positionalOnly - 1, 0);
  }
  const cell = ({ name, hasDefault }: { name: string; hasDefault: boolean }): string => (hasDefault ? `${name}=` : name);
  const cells = positional.slice(0, positionalOnly).map(cell);
  if (positionalOnly > 0) cells.push('/');
  cells.push(...positional.slice(positionalOnly).map(cell));
  if (varPositional !== undefined) cells.push(`*${varPositional}`);
  else if (namedOnly.length > 0) cells.push('*');
  cells.push(...namedOnly.map(cell));
  if (varNamed !== undefined) cells.push(`**${varNamed}`);
  return cells;
}

function identifier(text: string): string {
  return /^\s*([A-Za-z_]\w*)/.exec(text)?.[1] ?? text.trim();
}

// ---- Names -----------------------------------------------------------------------------

/** Robot's printable_name(code_style=True): `create_order` → `Create Order`, `getHTTPStatus` → `Get HTTP Status`. */
export function printableName(name: string): string {
  const text = name.includes('_') ? name.replace(/_/g, ' ') : name;
  let parts = text.split(/\s+/).filter(Boolean);
  if (parts.length === 1 && !/^[a-z]+$/.test(text)) parts = splitCamelCase(parts[0]!);
  return parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join(' ');
}

function splitCamelCase(text: string): string[] {
  const tokens: string[] = [];
  let token = '';
  for (let index = 0; index < text.length; index += 1) {
    const previous = index === 0 ? ' ' : text[index - 1]!;
    const char = text[index]!;
    const next = index + 1 < text.length ? text[index + 1]! : ' ';
    if (isCamelBoundary(previous, char, next)) {
      if (token) tokens.push(token);
      token = char;
    } else {
      token += char;
    }
  }
  if (token) tokens.push(token);
  return tokens;
}

const isDigit = (char: string): boolean => /^\d$/.test(char);
const isUpper = (char: string): boolean => char !== char.toLowerCase() && char === char.toUpperCase();
const isLower = (char: string): boolean => char !== char.toUpperCase() && char === char.toLowerCase();
const isAlpha = (char: string): boolean => isUpper(char) || isLower(char);

function isCamelBoundary(previous: string, char: string, next: string): boolean {
  if (isDigit(previous)) return !isDigit(char);
  if (isUpper(char)) return isLower(next) || (isAlpha(previous) && !isUpper(previous));
  return isDigit(char);
}

// ---- Literals --------------------------------------------------------------------------

/** The argument `name=` of a call, else its first positional argument, when a string literal. */
function stringArgument(args: string | undefined, name: string): string | undefined {
  if (args === undefined) return undefined;
  const parts = splitTopLevel(args, ',')
    .map((part) => part.trim())
    .filter(Boolean);
  const named = parts.find((part) => new RegExp(`^${name}\\s*=[^=]`).test(part));
  if (named !== undefined) return stringLiteral(named.slice(named.indexOf('=') + 1));
  const first = parts[0];
  return first === undefined || /^[A-Za-z_]\w*\s*=[^=]/.test(first) ? undefined : stringLiteral(first);
}

function boolArgument(args: string | undefined, name: string): boolean | undefined {
  if (args === undefined) return undefined;
  const named = splitTopLevel(args, ',')
    .map((part) => part.trim())
    .find((part) => new RegExp(`^${name}\\s*=[^=]`).test(part));
  return named === undefined ? undefined : constantTruth(named.slice(named.indexOf('=') + 1));
}

/** Python's truth of a constant (`False`, `0`, `''`, `None` are false), or undefined for anything else. */
function constantTruth(text: string): boolean | undefined {
  const value = text.trim();
  if (value === 'True') return true;
  if (value === 'False' || value === 'None') return false;
  if (/^\d+(\.\d*)?$/.test(value)) return Number(value) !== 0;
  const literal = stringLiteral(value);
  return literal === undefined ? undefined : literal !== '';
}

/** The value of a (possibly implicitly concatenated) str literal; f-strings and bytes are not constants. */
function stringLiteral(text: string): string | undefined {
  let rest = text.trim();
  let value = '';
  let found = false;
  while (rest !== '') {
    const match = /^([rRuU]?)('''|"""|'|")/.exec(rest);
    if (match === null) return undefined;
    const quote = match[2]!;
    const raw = match[1]!.toLowerCase() === 'r';
    let index = match[0].length;
    let content = '';
    while (index < rest.length && !rest.startsWith(quote, index)) {
      if (rest[index] === '\\' && index + 1 < rest.length) {
        content += raw ? rest.slice(index, index + 2) : unescape(rest[index + 1]!);
        index += 2;
      } else {
        content += rest[index];
        index += 1;
      }
    }
    if (index >= rest.length) return undefined;
    value += content;
    found = true;
    rest = rest.slice(index + quote.length).trim();
  }
  return found ? value : undefined;
}

function unescape(char: string): string {
  return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[char] ?? char;
}

function stringList(text: string): string[] | undefined {
  const value = text.trim();
  if (!/^[[(]/.test(value)) return undefined;
  return splitTopLevel(value.slice(1, -1), ',')
    .map((item) => stringLiteral(item))
    .filter((item): item is string => item !== undefined);
}

// ---- Statements ------------------------------------------------------------------------

function parseBlock(lines: LogicalLine[], start: number, indent: number): { statements: Statement[]; end: number } {
  const statements: Statement[] = [];
  let decorators: Decorator[] = [];
  let index = start;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.indent < indent) break;
    if (line.indent > indent) {
      index += 1;
      continue;
    }
    index += 1;
    const text = line.text;
    if (text.startsWith('@')) {
      decorators.push(decorator(text.slice(1)));
      continue;
    }
    const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(text);
    const cls = /^class\s+([A-Za-z_]\w*)\s*(\()?/.exec(text);
    if (def !== null) {
      statements.push({ kind: 'def', name: def[1]!, params: bracketed(text, def[0].length - 1), decorators });
    } else if (cls !== null) {
      const bases = cls[2] === undefined ? '' : bracketed(text, cls[0].length - 1);
      const bodyIndent = index < lines.length && lines[index]!.indent > indent ? lines[index]!.indent : undefined;
      const body = bodyIndent === undefined ? { statements: [], end: index } : parseBlock(lines, index, bodyIndent);
      index = body.end;
      statements.push({
        kind: 'class',
        name: cls[1]!,
        bases: splitTopLevel(bases, ',')
          .map((base) => base.trim())
          .filter((base) => base !== '' && !/^[A-Za-z_]\w*\s*=[^=]/.test(base) && !base.startsWith('*')),
        decorators,
        body: body.statements,
      });
    } else {
      statements.push(simpleStatement(text));
    }
    decorators = [];
  }
  return { statements, end: index };
}

function simpleStatement(text: string): Statement {
  const assign = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.*)$/s.exec(text);
  if (assign !== null) return { kind: 'assign', name: assign[1]!, value: assign[2]! };
  const fromImport = /^from\s+[\w.]+\s+import\s+(.*)$/s.exec(text);
  if (fromImport !== null) {
    const list = fromImport[1]!.trim().replace(/^\(|\)$/g, '');
    const names = splitTopLevel(list, ',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => /\s+as\s+([A-Za-z_]\w*)$/.exec(item)?.[1] ?? item);
    return { kind: 'from-import', names };
  }
  return { kind: 'other' };
}

function decorator(text: string): Decorator {
  const match = /^([\w.]+)\s*(\()?/.exec(text.trim());
  if (match === null) return { name: '', args: undefined };
  const name = match[1]!.split('.').pop()!;
  return { name, args: match[2] === undefined ? undefined : bracketed(text.trim(), match[0].length - 1) };
}

/** Each character outside string literals, from `from` on, with the bracket depth after it. */
function* codeCharacters(text: string, from = 0): Generator<{ index: number; char: string; depth: number }> {
  let depth = 0;
  for (let index = from; index < text.length; index += 1) {
    const skipped = skipString(text, index);
    if (skipped !== index) {
      index = skipped - 1;
      continue;
    }
    const char = text[index]!;
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    yield { index, char, depth };
  }
}

/** The text inside the bracket that opens at `open`, strings and nesting respected. */
function bracketed(text: string, open: number): string {
  for (const { index, char, depth } of codeCharacters(text, open)) {
    if (depth === 0 && ')]}'.includes(char)) return text.slice(open + 1, index);
  }
  return text.slice(open + 1);
}

/** Splits on `separator` outside brackets and strings (`==`, `<=`, `>=`, `!=` are not `=`). */
function splitTopLevel(text: string, separator: ',' | '='): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const { index, char, depth } of codeCharacters(text)) {
    if (char !== separator || depth !== 0) continue;
    if (separator === '=' && ('=<>!:'.includes(text[index - 1] ?? '') || text[index + 1] === '=')) continue;
    parts.push(text.slice(from, index));
    from = index + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/** The index just past a string literal starting at `index` (with any prefix), or `index` when none starts there. */
function skipString(text: string, index: number): number {
  const match = /^[rRbBuUfF]{0,2}('''|"""|'|")/.exec(text.slice(index, index + 5));
  if (match === null || (index > 0 && /\w/.test(text[index - 1]!) && match[0].length === match[1]!.length)) {
    return index;
  }
  const quote = match[1]!;
  let at = index + match[0].length;
  while (at < text.length && !text.startsWith(quote, at)) at += text[at] === '\\' ? 2 : 1;
  return Math.min(at + quote.length, text.length);
}

/** Python's logical lines: comments dropped, bracketed and backslash-continued lines joined. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const source = text.replace(/\r\n?/g, '\n');
  let current = '';
  let indent = 0;
  let depth = 0;
  let atLineStart = true;
  let index = 0;
  const flush = (): void => {
    if (current.trim() !== '') lines.push({ indent, text: current.trim() });
    current = '';
    atLineStart = true;
  };
  while (index < source.length) {
    if (atLineStart) {
      let width = 0;
      while (source[index] === ' ' || source[index] === '\t') {
        width = source[index] === '\t' ? width + 8 - (width % 8) : width + 1;
        index += 1;
      }
      indent = width;
      atLineStart = false;
      continue;
    }
    const skipped = skipString(source, index);
    if (skipped !== index) {
      current += source.slice(index, skipped);
      index = skipped;
      continue;
    }
    const char = source[index]!;
    if (char === '#') {
      while (index < source.length && source[index] !== '\n') index += 1;
      continue;
    }
    if (char === '\\' && source[index + 1] === '\n') {
      current += ' ';
      index += 2;
      continue;
    }
    if (char === '\n') {
      index += 1;
      if (depth > 0) current += ' ';
      else flush();
      continue;
    }
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth = Math.max(depth - 1, 0);
    current += char;
    index += 1;
  }
  flush();
  return lines;
}
