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
  WhileLoop,
} from './model.js';
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
export function readBody(rows: Cell[][]): Body {
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
    const marker = first.value;
    const innermost = open[open.length - 1];
    if (isLocalSetting(marker)) {
      // Robot reads settings anywhere in the body (`[Teardown]` often comes last).
      settings.push({
        name: marker,
        canonical: canonicalLocalSetting(marker),
        line: first.line,
        values: cells.slice(1),
      });
      continue;
    }
    switch (marker) {
      case 'FOR': {
        const block = forLoop(cells);
        start(block, block.body);
        break;
      }
      case 'WHILE': {
        const conditions = cells.slice(1).filter((cell) => !WHILE_OPTION.test(cell.value));
        const block: WhileLoop = {
          kind: 'while',
          line: first.line,
          condition: conditions[0],
          options: cells.slice(1).filter((cell) => WHILE_OPTION.test(cell.value)),
          body: [],
          end: undefined,
        };
        start(block, block.body);
        break;
      }
      case 'TRY': {
        const branch = { kind: 'TRY' as const, line: first.line, args: cells.slice(1), body: [] };
        const block: TryBlock = { kind: 'try', line: first.line, branches: [branch], end: undefined };
        start(block, branch.body);
        break;
      }
      case 'GROUP': {
        const block: GroupBlock = {
          kind: 'group',
          line: first.line,
          name: cells[1],
          body: [],
          end: undefined,
        };
        start(block, block.body);
        break;
      }
      case 'ELSE IF':
      case 'ELSE':
      case 'EXCEPT':
      case 'FINALLY': {
        const branchOf = innermost?.block;
        if (branchOf?.kind === 'if' && (marker === 'ELSE IF' || marker === 'ELSE')) {
          const branch: IfBranch = { kind: marker, line: first.line, condition: cells[1], body: [] };
          branchOf.branches.push(branch);
          innermost!.steps = branch.body;
        } else if (branchOf?.kind === 'try' && marker !== 'ELSE IF') {
          const branch = { kind: marker, line: first.line, args: cells.slice(1), body: [] };
          branchOf.branches.push(branch);
          innermost!.steps = branch.body;
        } else {
          current().push({ kind: 'stray', line: first.line, marker });
        }
        break;
      }
      case 'END': {
        if (innermost === undefined) {
          current().push({ kind: 'stray', line: first.line, marker });
        } else {
          innermost.block.end = first.line;
          open.pop();
        }
        break;
      }
      case 'VAR':
        current().push({ kind: 'var', line: first.line, cells });
        break;
      default: {
        const inline = inlineIf(cells);
        if (inline !== undefined) {
          current().push(inline);
        } else if (marker === 'IF') {
          const branch: IfBranch = { kind: 'IF', line: first.line, condition: cells[1], body: [] };
          const block: IfBlock = {
            kind: 'if',
            line: first.line,
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
  const branches: IfBranch[] = [];
  let branch: IfBranch | undefined;
  let rows: Cell[] = [];
  const close = (): void => {
    if (branch !== undefined) {
      if (rows.length > 0) branch.body.push(simpleStep(rows));
      branches.push(branch);
    }
    rows = [];
  };
  for (let index = ifAt; index < cells.length; index += 1) {
    const cell = cells[index]!;
    if (cell.value === 'IF' && index === ifAt) {
      close();
      branch = { kind: 'IF', line: cell.line, condition: cells[index + 1], body: [] };
      index += 1;
    } else if (cell.value === 'ELSE IF') {
      close();
      branch = { kind: 'ELSE IF', line: cell.line, condition: cells[index + 1], body: [] };
      index += 1;
    } else if (cell.value === 'ELSE') {
      close();
      branch = { kind: 'ELSE', line: cell.line, condition: undefined, body: [] };
    } else {
      rows.push(cell);
    }
  }
  close();
  return {
    kind: 'if',
    line: cells[0]!.line,
    inline: true,
    assign: cells.slice(0, ifAt),
    branches,
    end: undefined,
  };
}

/** A row that opens no block: RETURN, BREAK, CONTINUE or a keyword call. */
function simpleStep(cells: Cell[]): ControlStep | KeywordCall {
  const first = cells[0]!;
  const control = CONTROL_STEPS.get(first.value);
  if (control !== undefined) return { kind: control, line: first.line, args: cells.slice(1) };
  const keywordAt = cells.findIndex((cell) => !isAssignment(cell.value));
  const assign = keywordAt === -1 ? cells : cells.slice(0, keywordAt);
  return {
    kind: 'call',
    line: first.line,
    cells,
    assign,
    keyword: keywordAt === -1 ? undefined : cells[keywordAt],
    args: keywordAt === -1 ? [] : cells.slice(keywordAt + 1),
  };
}
