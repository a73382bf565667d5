// Imports made while a suite runs (`Import Library`, `Import Resource`, `Import Variables`):
// Robot puts what they bring in scope for the rest of the suite, so the checks do too.

import { keywordCalls } from './keyword-calls.js';
import { normalizeKeywordName } from './keyword-name.js';
import type { Cell, RobotFile } from './model.js';

export type ImportKind = 'library' | 'resource' | 'variables';

export interface RunTimeImport {
  kind: ImportKind;
  /** The call's arguments: the name or path first. */
  values: readonly Cell[];
  line: number;
}

const IMPORT_KEYWORDS: ReadonlyMap<string, ImportKind> = new Map([
  ['importlibrary', 'library'],
  ['importresource', 'resource'],
  ['importvariables', 'variables'],
]);

export function runTimeImports(file: RobotFile): RunTimeImport[] {
  return keywordCalls(file).flatMap((call) => {
    const kind = IMPORT_KEYWORDS.get(normalizeKeywordName(call.name.replace(/^builtin\./i, '')));
    const values = call.args ?? [];
    return kind === undefined || values.length === 0 || values[0]!.value === '' ? [] : [{ kind, values, line: call.line }];
  });
}
