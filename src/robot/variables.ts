// Finds Robot Framework variables (`${x}`, `@{l}[0]`, `%{ENV}`) inside cell text. Assignments,
// embedded arguments and resource paths all need the same brace-aware search.

export interface VariableMatch {
  /** Index of the identifier (`$`, `@`, `&`, `%`). */
  start: number;
  /** Index just past the closing brace or the last `[item]`. */
  end: number;
  identifier: string;
  /** The text between the braces, e.g. `count:\d+` of `${count:\d+}`. */
  base: string;
}

const ALL_IDENTIFIERS = '$@&%';

/** Every variable in `text`, left to right; a backslash escapes the next character. */
export function findVariables(text: string, identifiers = ALL_IDENTIFIERS): VariableMatch[] {
  const found: VariableMatch[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (identifiers.includes(char) && text[index + 1] === '{') {
      const close = closingIndex(text, index + 1, '{', '}');
      if (close === -1) return found;
      let end = close + 1;
      // Items (`${d}[key]`) belong to the variable; environment variables have none.
      while (char !== '%' && text[end] === '[') {
        const itemClose = closingIndex(text, end, '[', ']');
        if (itemClose === -1) break;
        end = itemClose + 1;
      }
      found.push({ start: index, end, identifier: char, base: text.slice(index + 2, close) });
      index = end;
      continue;
    }
    index += 1;
  }
  return found;
}

export function containsVariable(text: string): boolean {
  return findVariables(text).length > 0;
}

/** Whether a cell assigns to a variable: `${x}`, `${x}=`, `${x} =`, `@{list}=`, `&{d}[k]=`. */
export function isAssignment(value: string): boolean {
  const target = value.endsWith('=') ? value.slice(0, -1).trimEnd() : value;
  const matches = findVariables(target, '$@&');
  const only = matches[0];
  return matches.length === 1 && only !== undefined && only.start === 0 && only.end === target.length;
}

function closingIndex(text: string, openAt: number, open: string, close: string): number {
  let depth = 0;
  for (let index = openAt; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      index += 1;
    } else if (char === open) {
      depth += 1;
    } else if (char === close) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
