// Embedded-argument patterns (`Wait ${n:\d+} Seconds`) matched in linear time.
// Robot Framework compiles them with Python's backtracking `re`, where a pattern
// such as `(a+)+` runs for hours on a long name; RE2's engine never backtracks,
// so matching costs the name's length times the pattern's size, both bounded
// here. A pattern RE2 does not take (backreferences, lookaround) is not run.

import { RE2JS } from 're2js';

/** A keyword name with a few custom patterns compiles to a few hundred instructions; the cost of a match grows with it. */
const MAX_PROGRAM_SIZE = 5_000;
/** No real keyword call is longer; matching longer text against every embedded keyword would be slow. */
export const MAX_MATCHED_CHARS = 2_000;

/** Robot matches embedded names case-insensitively, and `.` takes newlines too. */
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.DOTALL;

export type LinearPattern = { ok: true; matches: (text: string) => boolean } | { ok: false; reason: string };

/** The whole-text matcher of `source`, or why it cannot be matched safely. */
export function linearPattern(source: string): LinearPattern {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, FLAGS);
  } catch (error) {
    // RE2's messages name the construct: "invalid or unsupported Perl syntax: `(?=`".
    return { ok: false, reason: error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error) };
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    return { ok: false, reason: `it compiles to ${compiled.programSize()} instructions, more than the ${MAX_PROGRAM_SIZE} matched` };
  }
  return { ok: true, matches: (text) => text.length <= MAX_MATCHED_CHARS && compiled.matches(text) };
}
