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

export type SectionKind = 'settings' | 'variables' | 'testCases' | 'tasks' | 'keywords' | 'comments' | 'unknown';

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

/** What every step has: its first line and the cells of its own row (continuations joined). */
export interface StepRow {
  line: number;
  /** For blocks and branches, the header row: `FOR  ${x}  IN  a  b`. */
  cells: Cell[];
}

export type Step = KeywordCall | ForLoop | IfBlock | WhileLoop | TryBlock | GroupBlock | VarStep | ControlStep | StrayMarker;

/** A keyword call row; in a templated test the same row is template data. */
export interface KeywordCall extends StepRow {
  kind: 'call';
  /** `${x}=`, `@{list}`... before the keyword. */
  assign: Cell[];
  /** Undefined when the row holds only assignments. */
  keyword: Cell | undefined;
  args: Cell[];
}

/** The line of the closing `END`, or undefined when the block is never closed. */
export type BlockEnd = number | undefined;

export interface ForLoop extends StepRow {
  kind: 'for';
  variables: Cell[];
  /** `IN`, `IN RANGE`, `IN ENUMERATE`, `IN ZIP`, or undefined when missing. */
  flavor: string | undefined;
  values: Cell[];
  body: Step[];
  end: BlockEnd;
}

export interface IfBranch extends StepRow {
  kind: 'IF' | 'ELSE IF' | 'ELSE';
  condition: Cell | undefined;
  body: Step[];
}

export interface IfBlock extends StepRow {
  kind: 'if';
  /** `IF  cond  Keyword  ELSE  Other` on one line; it has no `END`. */
  inline: boolean;
  /** Assignments before an inline IF. */
  assign: Cell[];
  branches: IfBranch[];
  end: BlockEnd;
}

export interface WhileLoop extends StepRow {
  kind: 'while';
  condition: Cell | undefined;
  /** `limit=...`, `on_limit=...` and the like. */
  options: Cell[];
  body: Step[];
  end: BlockEnd;
}

export interface TryBranch extends StepRow {
  kind: 'TRY' | 'EXCEPT' | 'ELSE' | 'FINALLY';
  /** Patterns, `type=`, `AS  ${error}` of an EXCEPT. */
  args: Cell[];
  body: Step[];
}

export interface TryBlock extends StepRow {
  kind: 'try';
  branches: TryBranch[];
  end: BlockEnd;
}

export interface GroupBlock extends StepRow {
  kind: 'group';
  name: Cell | undefined;
  body: Step[];
  end: BlockEnd;
}

export interface VarStep extends StepRow {
  kind: 'var';
}

export interface ControlStep extends StepRow {
  kind: 'return' | 'break' | 'continue';
  args: Cell[];
}

/** `END`, `ELSE`, `EXCEPT`... with no open block that accepts it. */
export interface StrayMarker extends StepRow {
  kind: 'stray';
  marker: string;
}

/** A `Language: French` line before the first section. */
export interface LanguageLine {
  line: number;
  value: string;
  /** Whether Robot Framework has a language of that name or code. */
  known: boolean;
}

export interface RobotFile {
  /** Statements before the first section header (Robot Framework ignores them). */
  preamble: Statement[];
  languageLines: LanguageLine[];
  /** Codes of the languages the file was read in besides English: the run's and its own. */
  languages: readonly string[];
  sections: Section[];
  /** Settings of every Settings section, in order. */
  settings: Setting[];
  variables: Variable[];
  /** Test cases and tasks. */
  tests: TestCase[];
  keywords: UserKeyword[];
}
