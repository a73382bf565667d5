// writer's shipped schemas, compiled once each, and their errors on one line.

import { describe, expect, it } from 'vitest';
import { describeErrors, lazySchema } from '../../src/schema-validator.js';

describe('lazySchema', () => {
  it('compiles a shipped schema once, on first use', () => {
    const spec = lazySchema('schemas/spec.schema.json');
    const validate = spec();
    expect(spec()).toBe(validate);
    expect(validate({ id: 'ORDER-1', rf: { target_path: 'tests/a.robot' } })).toBe(true);
  });

  it('says what is wrong once per problem, with a hint for a .robot path', () => {
    const validate = lazySchema('schemas/spec.schema.json')();
    expect(validate({ rf: { target_path: 'tests/a.txt' } })).toBe(false);
    expect(describeErrors(validate.errors ?? [])).toContain('/rf/target_path must match pattern "\\.robot$" (a path ending in .robot)');
  });

  it('fails at first use, not at import, when the schema is missing', () => {
    const missing = lazySchema('schemas/no-such.schema.json');
    expect(() => missing()).toThrow(/no-such\.schema\.json/);
  });
});
