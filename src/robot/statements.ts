// Turns Robot Framework source text into statements, the way Robot's own tokenizer does:
// cells split by 2+ spaces, a tab or pipes, `#` comments dropped, `...` lines joined.

import type { Cell, Statement } from './model.js';

const SPACE_SEPARATOR = /\s{2,}|\t/;
// A pipe counts as a separator only with whitespace (or the line's edge) on both sides.
const PIPE_SEPARATOR = /(?:^|\s+)\|(?:\s+|$)/;
const CONTINUATION = '...';

export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  let current: Statement | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const { cells, continues, hasData } = readLine(line, index + 1);
    if (continues) {
      // Blank and comment lines do not end a statement, so `...` may follow them.
      if (current === undefined) {
        current = { line: index + 1, cells: [] };
        statements.push(current);
      }
      current.cells.push(...cells);
    } else if (hasData) {
      current = { line: index + 1, cells };
      statements.push(current);
    }
  });
  return statements;
}

interface LineCells {
  cells: Cell[];
  continues: boolean;
  hasData: boolean;
}

function readLine(line: string, lineNumber: number): LineCells {
  const data = line.trimEnd();
  const pipes = data.startsWith('|');
  const values = pipes ? splitPipes(data) : data.split(SPACE_SEPARATOR);
  let hasData = false;
  let commented = false;
  let continuationAt = -1;
  const kept: Array<{ value: string; index: number }> = [];
  values.forEach((value, index) => {
    // Only a space-separated line's first cell can keep a leading space.
    const probe = index === 0 && !pipes ? value.trimStart() : value;
    if (commented) return;
    if (probe.startsWith('#')) {
      commented = true;
      return;
    }
    if (probe !== '' && !hasData) {
      if (probe === CONTINUATION && continuationAt === -1) {
        continuationAt = index;
        return;
      }
      hasData = true;
    }
    kept.push({ value, index });
  });
  while (kept.length > 0 && kept[kept.length - 1]!.value === '') kept.pop();
  const continues = continuationAt !== -1;
  let cells = kept;
  if (continues) {
    cells = kept.filter((cell) => cell.index > continuationAt || cell.value !== '');
    // A bare `...` still continues the statement with one empty value.
    if (!hasData) cells = [{ value: '', index: continuationAt + 1 }];
  }
  return {
    cells: cells.map((cell) => ({ value: cell.value, line: lineNumber })),
    continues,
    hasData,
  };
}

function splitPipes(data: string): string[] {
  let match = PIPE_SEPARATOR.exec(data);
  if (match === null) return [data];
  let rest = data.slice(match.index + match[0].length);
  const cells: string[] = [];
  // Robot splits the remainder again each time, so `^` anchors at the remainder's start.
  while ((match = PIPE_SEPARATOR.exec(rest)) !== null) {
    cells.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  cells.push(rest);
  return cells;
}
