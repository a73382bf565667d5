// Lists every keyword call of a file with its line: steps, setup/teardown/template
// settings, and keywords named as arguments of `Run Keyword` and its relatives.

import { KEYWORD_ARGUMENT_INDEX, RUN_KEYWORD_IF, RUN_KEYWORDS } from './data/run-keyword-variants.js';
import { normalizeKeywordName } from './keyword-name.js';
import type { Cell, RobotFile, Setting, Step, TestCase } from './model.js';

export interface CallSite {
  name: string;
  line: number;
  /**
   * The arguments as written; for a nested call, those its runner passes on. Undefined
   * for a template, whose arguments are the rows of the tests.
   */
  args: readonly Cell[] | undefined;
  /** The BuiltIn runner (`Run Keyword`...) that calls this one; its arguments hold only if that is BuiltIn's. */
  via?: string;
}

/** Suite and local settings whose first value is a keyword call. */
const SUITE_CALL_SETTINGS = new Set(['Suite Setup', 'Suite Teardown', 'Test Setup', 'Test Teardown', 'Test Template']);
const LOCAL_CALL_SETTINGS = new Set(['Setup', 'Teardown', 'Template']);

const ARGUMENT_INDEX = new Map(Object.entries(KEYWORD_ARGUMENT_INDEX).map(([name, index]) => [normalizeKeywordName(name), index]));
const RUN_KEYWORDS_NAME = normalizeKeywordName(RUN_KEYWORDS);
const RUN_KEYWORD_IF_NAME = normalizeKeywordName(RUN_KEYWORD_IF);

export function keywordCalls(file: RobotFile): CallSite[] {
  const calls: CallSite[] = [];
  for (const setting of file.settings) {
    if (setting.canonical !== undefined && SUITE_CALL_SETTINGS.has(setting.canonical)) {
      settingCalls(setting, calls);
    }
  }
  const suiteTemplate = file.settings.find((setting) => setting.canonical === 'Test Template');
  for (const test of file.tests) {
    test.settings.filter(isLocalCallSetting).forEach((setting) => settingCalls(setting, calls));
    // Rows of a templated test are the template's arguments, not calls.
    if (!isTemplated(test, suiteTemplate)) bodyCalls(test.body, calls);
  }
  for (const keyword of file.keywords) {
    keyword.settings.filter(isLocalCallSetting).forEach((setting) => settingCalls(setting, calls));
    bodyCalls(keyword.body, calls);
  }
  return calls;
}

/** As Robot: a `[Template]` without value or with NONE switches the suite's template off. */
export function isTemplated(test: TestCase, suiteTemplate: Setting | undefined): boolean {
  const own = test.settings.find((setting) => setting.canonical === 'Template');
  if (own !== undefined) {
    const value = own.values[0]?.value;
    if (value === undefined || value.toUpperCase() === 'NONE') return false;
    if (value !== '') return true;
  }
  return (suiteTemplate?.values[0]?.value ?? '') !== '';
}

function isLocalCallSetting(setting: Setting): boolean {
  return setting.canonical !== undefined && LOCAL_CALL_SETTINGS.has(setting.canonical);
}

function settingCalls(setting: Setting, calls: CallSite[]): void {
  const [keyword, ...args] = setting.values;
  if (keyword === undefined || keyword.value === '' || keyword.value.toUpperCase() === 'NONE') return;
  if (setting.canonical === 'Template' || setting.canonical === 'Test Template') {
    calls.push({ name: keyword.value, line: keyword.line, args: undefined });
  } else {
    callAndNested(keyword, args, calls);
  }
}

/** In order, without recursion: this also walks resources, whose nesting nobody has checked yet. */
function bodyCalls(steps: readonly Step[], calls: CallSite[]): void {
  const pending: Step[] = [...steps].reverse();
  while (pending.length > 0) {
    const step = pending.pop()!;
    switch (step.kind) {
      case 'call':
        if (step.keyword !== undefined) callAndNested(step.keyword, step.args, calls);
        break;
      case 'for':
      case 'while':
      case 'group':
        pending.push(...[...step.body].reverse());
        break;
      case 'if':
      case 'try':
        pending.push(...step.branches.flatMap((branch) => branch.body).reverse());
        break;
      default:
        break;
    }
  }
}

/** Records the call, then any keyword its arguments name (`Run Keyword  Other  arg`). */
function callAndNested(keyword: Cell, args: readonly Cell[], calls: CallSite[], via?: string): void {
  calls.push({ name: keyword.value, line: keyword.line, args, ...(via === undefined ? {} : { via }) });
  const name = normalizeKeywordName(keyword.value.replace(/^builtin\./i, ''));
  const index = ARGUMENT_INDEX.get(name);
  if (index !== undefined) {
    const nested = args[index];
    // `Register Keyword To Run On Failure  NONE` switches the feature off.
    if (nested !== undefined && nested.value.toUpperCase() !== 'NONE') {
      callAndNested(nested, args.slice(index + 1), calls, keyword.value);
    }
  } else if (name === RUN_KEYWORDS_NAME) {
    runKeywordsCalls(args, calls, keyword.value);
  } else if (name === RUN_KEYWORD_IF_NAME) {
    runKeywordIfCalls(args, calls, keyword.value);
  }
}

/** `Run Keywords  A  B` runs A and B; with `AND` separators each group is a call with arguments. */
function runKeywordsCalls(args: readonly Cell[], calls: CallSite[], via: string): void {
  if (!args.some((arg) => arg.value === 'AND')) {
    args.forEach((arg) => callAndNested(arg, [], calls, via));
    return;
  }
  let group: Cell[] = [];
  for (const arg of [...args, undefined]) {
    if (arg === undefined || arg.value === 'AND') {
      const [keyword, ...rest] = group;
      if (keyword !== undefined) callAndNested(keyword, rest, calls, via);
      group = [];
    } else {
      group.push(arg);
    }
  }
}

/** `Run Keyword If  cond  A  arg  ELSE IF  cond  B  ELSE  C`. */
function runKeywordIfCalls(args: readonly Cell[], calls: CallSite[], via: string): void {
  let keywordAt = 1;
  while (keywordAt < args.length) {
    const next = args.findIndex((arg, index) => index > keywordAt && (arg.value === 'ELSE' || arg.value === 'ELSE IF'));
    const end = next === -1 ? args.length : next;
    callAndNested(args[keywordAt]!, args.slice(keywordAt + 1, end), calls, via);
    if (next === -1) return;
    keywordAt = args[next]!.value === 'ELSE' ? next + 1 : next + 2;
  }
}
