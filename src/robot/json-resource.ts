// Robot Framework's JSON resource format (what `ResourceFile.to_json()` writes) read into
// the same model as a `.resource` file, so its imports, variables and keywords count.

import type {
  Cell,
  ForLoop,
  IfBlock,
  IfBranch,
  RobotFile,
  Setting,
  Step,
  TryBlock,
  TryBranch,
  UserKeyword,
  Variable,
  WhileLoop,
} from './model.js';

type Json = Record<string, unknown>;

const IMPORT_SETTINGS: Readonly<Record<string, string>> = { LIBRARY: 'Library', RESOURCE: 'Resource', VARIABLES: 'Variables' };

/** The resource's model, or undefined when the text is not a JSON resource. */
export function readJsonResource(text: string): RobotFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  return {
    preamble: [],
    languageLines: [],
    languages: [],
    sections: [],
    settings: list(data.imports).flatMap(importSetting),
    variables: list(data.variables).flatMap(variable),
    tests: [],
    keywords: list(data.keywords).flatMap(keyword),
  };
}

function importSetting(entry: Json): Setting[] {
  const name = IMPORT_SETTINGS[String(entry.type)];
  if (name === undefined || typeof entry.name !== 'string') return [];
  const line = lineOf(entry);
  const values = [entry.name, ...strings(entry.args)];
  if (typeof entry.alias === 'string') values.push('AS', entry.alias);
  return [{ name, canonical: name, line, values: cells(values, line) }];
}

function variable(entry: Json): Variable[] {
  if (typeof entry.name !== 'string') return [];
  const line = lineOf(entry);
  return [{ name: entry.name, line, values: cells(strings(entry.value), line) }];
}

function keyword(entry: Json): UserKeyword[] {
  if (typeof entry.name !== 'string') return [];
  const line = lineOf(entry);
  const args = strings(entry.args);
  const settings: Setting[] = args.length > 0 ? [{ name: '[Arguments]', canonical: 'Arguments', line, values: cells(args, line) }] : [];
  return [{ name: entry.name, line, settings, body: steps(entry.body, line) }];
}

function steps(value: unknown, parentLine: number): Step[] {
  return list(value).flatMap((entry) => step(entry, lineOf(entry, parentLine)));
}

function step(entry: Json, line: number): Step[] {
  const type = typeof entry.type === 'string' ? entry.type : 'KEYWORD';
  const header = (marker: string, rest: readonly string[]): Cell[] => cells([marker, ...rest], line);
  switch (type) {
    case 'KEYWORD': {
      if (typeof entry.name !== 'string') return [];
      const assign = cells(strings(entry.assign), line);
      const [keywordCell, ...args] = cells([entry.name, ...strings(entry.args)], line);
      return [{ kind: 'call', line, cells: [...assign, keywordCell!, ...args], assign, keyword: keywordCell, args }];
    }
    case 'FOR': {
      const variables = strings(entry.assign);
      const values = strings(entry.values);
      const flavor = typeof entry.flavor === 'string' ? entry.flavor : 'IN';
      const loop: ForLoop = {
        kind: 'for',
        line,
        cells: header('FOR', [...variables, flavor, ...values]),
        variables: cells(variables, line),
        flavor,
        values: cells(values, line),
        body: steps(entry.body, line),
        end: line,
      };
      return [loop];
    }
    case 'WHILE': {
      const condition = typeof entry.condition === 'string' ? cells([entry.condition], line)[0] : undefined;
      const loop: WhileLoop = {
        kind: 'while',
        line,
        cells: header('WHILE', condition === undefined ? [] : [condition.value]),
        condition,
        options: [],
        body: steps(entry.body, line),
        end: line,
      };
      return [loop];
    }
    case 'IF/ELSE ROOT': {
      const branches = list(entry.body).map((branch): IfBranch => {
        const branchLine = lineOf(branch, line);
        const kind = branch.type === 'ELSE IF' || branch.type === 'ELSE' ? branch.type : 'IF';
        const condition = typeof branch.condition === 'string' ? cells([branch.condition], branchLine)[0] : undefined;
        return { kind, line: branchLine, cells: cells([kind], branchLine), condition, body: steps(branch.body, branchLine) };
      });
      const block: IfBlock = { kind: 'if', line, cells: header('IF', []), inline: false, assign: [], branches, end: line };
      return [block];
    }
    case 'TRY/EXCEPT ROOT': {
      const branches = list(entry.body).map((branch): TryBranch => {
        const branchLine = lineOf(branch, line);
        const kind = branch.type === 'EXCEPT' || branch.type === 'ELSE' || branch.type === 'FINALLY' ? branch.type : 'TRY';
        const args = [...strings(branch.patterns), ...(typeof branch.assign === 'string' ? ['AS', branch.assign] : [])];
        return {
          kind,
          line: branchLine,
          cells: cells([kind, ...args], branchLine),
          args: cells(args, branchLine),
          body: steps(branch.body, branchLine),
        };
      });
      const block: TryBlock = { kind: 'try', line, cells: header('TRY', []), branches, end: line };
      return [block];
    }
    case 'BREAK':
    case 'CONTINUE':
      return [{ kind: type === 'BREAK' ? 'break' : 'continue', line, cells: header(type, []), args: [] }];
    case 'RETURN':
      return [{ kind: 'return', line, cells: header('RETURN', strings(entry.values)), args: cells(strings(entry.values), line) }];
    case 'VAR': {
      const name = typeof entry.name === 'string' ? entry.name : '';
      const scope = typeof entry.scope === 'string' ? [`scope=${entry.scope}`] : [];
      return [{ kind: 'var', line, cells: header('VAR', [name, ...strings(entry.value), ...scope]) }];
    }
    default:
      return [];
  }
}

function cells(values: readonly string[], line: number): Cell[] {
  return values.map((value) => ({ value, line }));
}

function lineOf(entry: Json, fallback = 1): number {
  return typeof entry.lineno === 'number' && entry.lineno > 0 ? entry.lineno : fallback;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
