// Builds the steps of a test or keyword body: keyword calls, local settings and nested
// FOR/IF/WHILE/TRY/GROUP blocks. Broken nesting is kept in the model for the checks.

import type {
  Cell,
  ControlStep,
  ForLoop,
  GroupBlock,
  IfBlock,
  IfBranch,
  KeywordCall,
  Setting,
  Step,
  TryBlock,
  TryBranch,
  VarStep,
  WhileLoop,
} from './model.js';
import { ENGLISH_VOCABULARY, type Vocabulary } from './languages.js';
import { canonicalLocalSetting, isLocalSetting } from './setting-names.js';
import { isAssignment } from './variables.js';

export interface Body {
  settings: Setting[];
  body: Step[];
}

type Block = ForLoop | IfBlock | WhileLoop | TryBlock | GroupBlock;

interface OpenBlock {
  block: Block;
  /** The body that new steps go into: the block's, or its current branch's. */
  steps: Step[];
}

const FOR_FLAVORS = new Set(['IN', 'IN RANGE', 'IN ENUMERATE', 'IN ZIP']);
const WHILE_OPTION = /^(limit|on_limit|on_limit_message)=/;
const CONTROL_STEPS = new Map<string, ControlStep['kind']>([
  ['RETURN', 'return'],
  ['BREAK', 'break'],
  ['CONTINUE', 'continue'],
]);

/** Reads body rows; each row has its indentation removed and at least one cell. */
export function readBody(rows: Cell[][], vocabulary: Vocabulary = ENGLISH_VOCABULARY): Body {
  const settings: Setting[] = [];
  const root: Step[] = [];
  const open: OpenBlock[] = [];
  const current = (): Step[] => open[open.length - 1]?.steps ?? root;
  const start = (block: Block, steps: Step[]): void => {
    current().push(block);
    open.push({ block, steps });
  };

  for (const cells of rows) {
    const first = cells[0]!;
    const line = first.line;
    const marker = first.value;
    const innermost = open[open.length - 1];
    if (isLocalSetting(marker)) {
      // Robot reads settings anywhere in the body (`[Teardown]` often comes last).
      settings.push({ name: marker, canonical: canonicalLocalSetting(marker, vocabulary), line, values: cells.slice(1) });
      continue;
    }
    switch (marker) {
      case 'FOR': {
        const block = forLoop(cells);
        start(block, block.body);
        break;
      }
      case 'WHILE': {
        const rest = cells.slice(1);
        const block: WhileLoop = {
          kind: 'while',
          line,
          cells,
          condition: rest.find((cell) => !WHILE_OPTION.test(cell.value)),
          options: rest.filter((cell) => WHILE_OPTION.test(cell.value)),
          body: [],
          end: undefined,
        };
        start(block, block.body);
        break;
      }
      case 'TRY': {
        const branch: TryBranch = { kind: 'TRY', line, cells, args: cells.slice(1), body: [] };
        start({ kind: 'try', line, cells, branches: [branch], end: undefined }, branch.body);
        break;
      }
      case 'GROUP': {
        const block: GroupBlock = { kind: 'group', line, cells, name: cells[1], body: [], end: undefined };
        start(block, block.body);
        break;
      }
      case 'ELSE IF':
      case 'ELSE':
      case 'EXCEPT':
      case 'FINALLY': {
        const block = innermost?.block;
        if (innermost !== undefined && block?.kind === 'if' && (marker === 'ELSE IF' || marker === 'ELSE')) {
          const branch: IfBranch = { kind: marker, line, cells, condition: cells[1], body: [] };
          block.branches.push(branch);
          innermost.steps = branch.body;
        } else if (innermost !== undefined && block?.kind === 'try' && marker !== 'ELSE IF') {
          const branch: TryBranch = { kind: marker, line, cells, args: cells.slice(1), body: [] };
          block.branches.push(branch);
          innermost.steps = branch.body;
        } else {
          current().push({ kind: 'stray', line, cells, marker });
        }
        break;
      }
      case 'END':
        if (innermost === undefined) {
          current().push({ kind: 'stray', line, cells, marker });
        } else {
          innermost.block.end = line;
          open.pop();
        }
        break;
      case 'VAR':
        current().push({ kind: 'var', line, cells });
        break;
      default: {
        const inline = inlineIf(cells);
        if (inline !== undefined) {
          current().push(inline);
        } else if (marker === 'IF') {
          const branch: IfBranch = { kind: 'IF', line, cells, condition: cells[1], body: [] };
          const block: IfBlock = {
            kind: 'if',
            line,
            cells,
            inline: false,
            assign: [],
            branches: [branch],
            end: undefined,
          };
          start(block, branch.body);
        } else {
          current().push(simpleStep(cells));
        }
      }
    }
  }
  return { settings, body: root };
}

function forLoop(cells: Cell[]): ForLoop {
  const rest = cells.slice(1);
  const flavorAt = rest.findIndex((cell) => FOR_FLAVORS.has(cell.value.replace(/\s+/g, ' ')));
  return {
    kind: 'for',
    line: cells[0]!.line,
    cells,
    variables: flavorAt === -1 ? rest : rest.slice(0, flavorAt),
    flavor: flavorAt === -1 ? undefined : rest[flavorAt]!.value.replace(/\s+/g, ' '),
    values: flavorAt === -1 ? [] : rest.slice(flavorAt + 1),
    body: [],
    end: undefined,
  };
}

/**
 * `${x}=  IF  cond  Kw  ELSE  Other` is an inline IF: as in Robot, an IF after any
 * assignments with more than two cells in the row. A lone `IF  cond` opens a block.
 */
function inlineIf(cells: Cell[]): IfBlock | undefined {
  if (cells.length <= 2) return undefined;
  const ifAt = cells.findIndex((cell) => !isAssignment(cell.value));
  if (ifAt === -1 || cells[ifAt]!.value !== 'IF') return undefined;
  // Each branch runs from its marker (IF, ELSE IF, ELSE) to the next marker.
  const starts = [ifAt];
  cells.forEach((cell, index) => {
    if (index > ifAt && (cell.value === 'ELSE IF' || cell.value === 'ELSE')) starts.push(index);
  });
  const branches = starts.map((from, at): IfBranch => {
    const row = cells.slice(from, starts[at + 1] ?? cells.length);
    const marker = row[0]!;
    const kind = from === ifAt ? 'IF' : (marker.value as 'ELSE IF' | 'ELSE');
    const condition = kind === 'ELSE' ? undefined : row[1];
    const rest = row.slice(kind === 'ELSE' ? 1 : 2);
    return { kind, line: marker.line, cells: row, condition, body: rest.length > 0 ? [simpleStep(rest)] : [] };
  });
  return {
    kind: 'if',
    line: cells[0]!.line,
    cells,
    inline: true,
    assign: cells.slice(0, ifAt),
    branches,
    end: undefined,
  };
}

/** A row that opens no block: RETURN, BREAK, CONTINUE, VAR (in an inline IF) or a keyword call. */
function simpleStep(cells: Cell[]): ControlStep | VarStep | KeywordCall {
  const first = cells[0]!;
  if (first.value === 'VAR') return { kind: 'var', line: first.line, cells };
  const control = CONTROL_STEPS.get(first.value);
  if (control !== undefined) return { kind: control, line: first.line, cells, args: cells.slice(1) };
  const keywordAt = cells.findIndex((cell) => !isAssignment(cell.value));
  return {
    kind: 'call',
    line: first.line,
    cells,
    assign: keywordAt === -1 ? cells : cells.slice(0, keywordAt),
    keyword: keywordAt === -1 ? undefined : cells[keywordAt],
    args: keywordAt === -1 ? [] : cells.slice(keywordAt + 1),
  };
}
