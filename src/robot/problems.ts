// The problems a suite check reports, and the internal finding that also records what
// kind of problem it is, so ours and Robot Framework's can be merged without duplicates.

export interface SuiteProblem {
  line: number;
  message: string;
  suggestions?: string[];
}

export interface CheckResult {
  errors: SuiteProblem[];
  notes: SuiteProblem[];
}

export type FindingKind =
  | 'preamble'
  | 'language'
  | 'section'
  | 'no-tests'
  | 'nesting'
  | 'singular-header'
  | 'setting'
  | 'duplicate-setting'
  | 'return-setting'
  | 'variable'
  | 'empty-name'
  | 'empty-body'
  | 'empty-block'
  | 'unclosed'
  | 'try-branches'
  | 'stray'
  | 'misplaced'
  | 'missing-keyword'
  | 'resource'
  | 'keyword'
  | 'embedded-pattern'
  | 'arguments'
  | 'undefined-variable'
  | 'unknown-sources'
  | 'robocop'
  | 'robot';

export interface Finding extends SuiteProblem {
  kind: FindingKind;
  severity: 'error' | 'note';
  /**
   * A note that calls or variables could not be judged (an unknown library, a computed
   * variable file): which kind of problem it leaves open, and on which lines.
   */
  unchecked?: { kind: 'keyword' | 'undefined-variable'; lines: readonly number[] };
}

export function error(kind: FindingKind, line: number, message: string, suggestions?: string[]): Finding {
  return withSuggestions({ kind, severity: 'error', line, message }, suggestions);
}

export function note(kind: FindingKind, line: number, message: string): Finding {
  return { kind, severity: 'note', line, message };
}

/** Splits findings into the public result, ordered by line. */
export function toCheckResult(findings: readonly Finding[]): CheckResult {
  const sorted = [...findings].sort((a, b) => a.line - b.line);
  const publish = ({ line, message, suggestions }: Finding): SuiteProblem =>
    suggestions === undefined ? { line, message } : { line, message, suggestions };
  return {
    errors: sorted.filter((finding) => finding.severity === 'error').map(publish),
    notes: sorted.filter((finding) => finding.severity === 'note').map(publish),
  };
}

function withSuggestions(finding: Finding, suggestions: string[] | undefined): Finding {
  return suggestions !== undefined && suggestions.length > 0 ? { ...finding, suggestions } : finding;
}
