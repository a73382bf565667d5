import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTargetPath } from '../../src/spec/target-path.js';
import { UsageError } from '../../src/errors.js';

describe('resolveTargetPath', () => {
  const out = path.resolve('generated');

  it('places relative paths inside the output folder', () => {
    expect(resolveTargetPath('generated', 'tests/a/b.robot', 's.json')).toBe(path.join(out, 'tests/a/b.robot'));
    expect(resolveTargetPath('generated', 'tests/../b.robot', 's.json')).toBe(path.join(out, 'b.robot'));
  });

  it.each(['/etc/x.robot', 'C:\\x.robot', '../x.robot', 'tests/../../x.robot', '..\\..\\x.robot', '.'])('refuses %s', (target) => {
    expect(() => resolveTargetPath('generated', target, 's.json')).toThrow(UsageError);
  });

  it('names the spec file and the pointer in the error', () => {
    expect(() => resolveTargetPath('generated', '../x.robot', 'specs/a.json')).toThrow(
      "specs/a.json: /rf/target_path '../x.robot' climbs out of the output folder generated",
    );
  });
});
