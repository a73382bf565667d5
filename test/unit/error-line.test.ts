import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/errors.js';
import { Redactor } from '../../src/output/redact.js';

describe('errorLine', () => {
  it('is one line, without a stack', () => {
    expect(errorLine(new Error('first\n   second\tthird'))).toBe('first second third');
    expect(errorLine('plain text')).toBe('plain text');
    expect(errorLine(new Error(''))).toBe('unknown error');
  });

  it("redacts the printer's secrets before it cuts a long line, so no part of one survives", () => {
    const { redact } = new Redactor(['sk-SECRET-XYZ-123']);
    const line = errorLine(new Error(`${'x'.repeat(490)} Bearer sk-SECRET-XYZ-123 and more`), redact);
    expect(line.length).toBeLessThanOrEqual(500);
    expect(line).not.toContain('sk-SEC');
    expect(line.endsWith('…')).toBe(true);
  });
});
