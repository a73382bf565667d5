// JUnit XML for a batch: one testcase per spec, failures carry the error and
// skipped specs (up to date) a <skipped/>, so GitLab shows the outcome of a
// generation job in merge requests.

export interface JunitCase {
  name: string;
  file: string;
  durationMs: number;
  error?: string | null;
  details?: string;
  /** Why the spec was not generated, e.g. its suite is up to date. */
  skipped?: string;
}

export function junitXml(cases: readonly JunitCase[], suiteName = 'writer generate'): string {
  const failures = cases.filter((entry) => entry.error).length;
  const skipped = cases.filter((entry) => !entry.error && entry.skipped !== undefined).length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const total = cases.reduce((sum, entry) => sum + entry.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="writer" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
    `  <testsuite name="${escape(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}">`,
  ];
  for (const entry of cases) {
    const open = `    <testcase classname="writer.generate" name="${escape(entry.name)}" file="${escape(entry.file)}" time="${seconds(entry.durationMs)}"`;
    if (!entry.error && entry.skipped !== undefined) {
      lines.push(`${open}>`, `      <skipped message="${escape(entry.skipped)}"/>`, '    </testcase>');
      continue;
    }
    if (!entry.error) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    lines.push(`      <failure message="${escape(entry.error)}" type="GenerationFailed">${escape(entry.details ?? entry.error)}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function escape(text: string): string {
  return text
    // Characters XML 1.0 cannot hold at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
