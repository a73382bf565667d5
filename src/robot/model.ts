// The typed model of a Robot Framework file that the reader produces and the checks walk.
// It records what the text says, including broken structure, and judges nothing.

/** One data cell, with the 1-based line it sits on (continuation lines keep their own). */
export interface Cell {
  value: string;
  line: number;
}

/** One logical statement: a line plus its `...` continuations, comments removed. */
export interface Statement {
  line: number;
  /** Data cells; a leading empty cell means the statement was indented. */
  cells: Cell[];
}

export type SectionKind =
  | 'settings'
  | 'variables'
  | 'testCases'
  | 'tasks'
  | 'keywords'
  | 'comments'
  | 'unknown';

export interface Section {
  kind: SectionKind;
  /** The header cell as written, e.g. `*** Test Case ***`. */
  header: string;
  line: number;
  /** A singular header such as `*** Keyword ***`, which Robot Framework 7 deprecates. */
  singular: boolean;
}

/** A suite-level setting (`Library`, `Suite Setup`...) or a local one (`[Tags]`...). */
export interface Setting {
  /** As written, e.g. `Force Tags` or `[Tgas]`. */
  name: string;
  /**
   * Robot Framework's name for it after aliases (`Task Setup` is `Test Setup`,
   * `[Setup]` is `Setup`), or undefined when no file or block accepts it.
   */
  canonical: string | undefined;
  line: number;
  values: Cell[];
}

export interface Variable {
  name: string;
  line: number;
  values: Cell[];
}

export interface TestCase {
  /** Empty when steps are indented before the first test name. */
  name: string;
  line: number;
  section: 'testCases' | 'tasks';
  settings: Setting[];
  body: Step[];
}

export interface UserKeyword {
  name: string;
  line: number;
  settings: Setting[];
  body: Step[];
}

export type Step =
  | KeywordCall
  | ForLoop
  | IfBlock
  | WhileLoop
  | TryBlock
  | GroupBlock
  | VarStep
  | ControlStep
  | StrayMarker;

/** A keyword call row; in a templated test the same row is template data. */
export interface KeywordCall {
  kind: 'call';
  line: number;
  /** Every cell of the row, assignments included. */
  cells: Cell[];
  /** `${x}=`, `@{list}`... before the keyword. */
  assign: Cell[];
  /** Undefined when the row holds only assignments. */
  keyword: Cell | undefined;
  args: Cell[];
}

/** The line of the closing `END`, or undefined when the block is never closed. */
export type BlockEnd = number | undefined;

export interface ForLoop {
  kind: 'for';
  line: number;
  variables: Cell[];
  /** `IN`, `IN RANGE`, `IN ENUMERATE`, `IN ZIP`, or undefined when missing. */
  flavor: string | undefined;
  values: Cell[];
  body: Step[];
  end: BlockEnd;
}

export interface IfBranch {
  kind: 'IF' | 'ELSE IF' | 'ELSE';
  line: number;
  condition: Cell | undefined;
  body: Step[];
}

export interface IfBlock {
  kind: 'if';
  line: number;
  /** `IF  cond  Keyword  ELSE  Other` on one line; it has no `END`. */
  inline: boolean;
  /** Assignments before an inline IF. */
  assign: Cell[];
  branches: IfBranch[];
  end: BlockEnd;
}

export interface WhileLoop {
  kind: 'while';
  line: number;
  condition: Cell | undefined;
  /** `limit=...`, `on_limit=...` and the like. */
  options: Cell[];
  body: Step[];
  end: BlockEnd;
}

export interface TryBranch {
  kind: 'TRY' | 'EXCEPT' | 'ELSE' | 'FINALLY';
  line: number;
  /** Patterns, `type=`, `AS  ${error}` of an EXCEPT. */
  args: Cell[];
  body: Step[];
}

export interface TryBlock {
  kind: 'try';
  line: number;
  branches: TryBranch[];
  end: BlockEnd;
}

export interface GroupBlock {
  kind: 'group';
  line: number;
  name: Cell | undefined;
  body: Step[];
  end: BlockEnd;
}

export interface VarStep {
  kind: 'var';
  line: number;
  cells: Cell[];
}

export interface ControlStep {
  kind: 'return' | 'break' | 'continue';
  line: number;
  args: Cell[];
}

/** `END`, `ELSE`, `EXCEPT`... with no open block that accepts it. */
export interface StrayMarker {
  kind: 'stray';
  line: number;
  marker: string;
}

export interface RobotFile {
  /** Statements before the first section header (Robot Framework ignores them). */
  preamble: Statement[];
  sections: Section[];
  /** Settings of every Settings section, in order. */
  settings: Setting[];
  variables: Variable[];
  /** Test cases and tasks. */
  tests: TestCase[];
  keywords: UserKeyword[];
}
