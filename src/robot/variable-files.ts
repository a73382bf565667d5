// The variables a variable file defines, read without running it: YAML and JSON keys, and
// the plain top-level assignments of a Python file. A Python file that computes its
// variables (get_variables, star imports, globals()) is dynamic: its names cannot be known.

import path from 'node:path';

import { parse as parseYaml } from 'yaml';

export interface VariableFileNames {
  /** Names as Robot sees them, without decoration (`BASE_URL`, `USERS`). */
  names: string[];
  /** The file may define more than `names` says. */
  dynamic: boolean;
}

const DYNAMIC_PYTHON = [
  /^\s*def\s+get_?variables\s*\(/im,
  /^\s*from\s+\S+\s+import\s+\*/m,
  /\b(globals|vars|setattr|exec)\s*\(/,
  /^\s*class\s+\w+/m,
];
const ASSIGNMENT = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]+)?=(?!=)/;
const DEFINITION = /^(?:def|class)\s+([A-Za-z_]\w*)/;
const IMPORT = /^(?:import\s+([A-Za-z_][\w.]*)(?:\s+as\s+(\w+))?|from\s+\S+\s+import\s+(.+))/;

/** Names in a variable file by its extension; undefined when Robot would not read it as one. */
export function variableFileNames(filePath: string, text: string): VariableFileNames | undefined {
  const extension = path.posix.extname(filePath).toLowerCase();
  if (extension === '.py') return pythonNames(text);
  if (extension === '.yaml' || extension === '.yml') return mappingNames(() => parseYaml(text) as unknown);
  if (extension === '.json') return mappingNames(() => JSON.parse(text) as unknown);
  return undefined;
}

function mappingNames(parse: () => unknown): VariableFileNames | undefined {
  try {
    const data = parse();
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
    return { names: Object.keys(data), dynamic: false };
  } catch {
    return undefined;
  }
}

/**
 * Robot takes every module attribute not starting with an underscore, except imported
 * modules; `LIST__name` and `DICT__name` define `@{name}` and `&{name}`. With `__all__`,
 * only the names it lists; both are read from top-level statements only.
 */
function pythonNames(text: string): VariableFileNames {
  const names = new Set<string>();
  const modules = new Set<string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (const line of lines) {
    if (/^\s/.test(line)) continue;
    const assigned = ASSIGNMENT.exec(line);
    if (assigned !== null) {
      for (const name of assigned[1]!.split(',')) names.add(name.trim());
      continue;
    }
    const defined = DEFINITION.exec(line);
    if (defined !== null) {
      names.add(defined[1]!);
      continue;
    }
    const imported = IMPORT.exec(line);
    if (imported !== null) {
      if (imported[1] !== undefined) modules.add(imported[2] ?? imported[1].split('.')[0]!);
      else
        for (const part of imported[3]!.replace(/[()]/g, '').split(','))
          names.add(
            part
              .trim()
              .split(/\s+as\s+/)
              .pop()!,
          );
    }
  }
  const visible = [...names].filter((name) => !name.startsWith('_') && !modules.has(name));
  const listed = allNames(text);
  const chosen = listed ?? visible;
  return {
    names: chosen.map((name) => name.replace(/^(LIST|DICT)__/, '')),
    dynamic: DYNAMIC_PYTHON.some((pattern) => pattern.test(text)) && !/^__all__\s*=/m.test(text),
  };
}

/** The names of a literal `__all__ = [...]`, or undefined without one. */
function allNames(text: string): string[] | undefined {
  const match = /^__all__\s*=\s*[[(]([^\])]*)[\])]/m.exec(text);
  if (match === null) return undefined;
  return [...match[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((found) => found[1]!);
}
