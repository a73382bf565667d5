import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTargetPath } from '../../src/spec/target-path.js';
import { UsageError } from '../../src/errors.js';
import { checkSpec } from '../../src/spec/load-spec.js';

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

describe('the spec field named in errors', () => {
  it('is the one that set the path', async () => {
    expect(() => resolveTargetPath('generated', '../x.robot', 'specs/a.json', '/rf/output_path')).toThrow(
      "specs/a.json: /rf/output_path '../x.robot' climbs out of the output folder generated",
    );
    const loaded = checkSpec({ rf: { output_path: '../x.robot' } }, 'specs/b.json');
    expect(loaded).toMatchObject({ targetPath: '../x.robot', targetField: '/rf/output_path' });
    expect(checkSpec({ rf: { target_path: 'a.robot', output_path: 'b.robot' } }, 'specs/c.json').targetField).toBe('/rf/target_path');
  });
});

describe('specs the model must never get', () => {
  it('refuses one nested deeper than 64 levels before anything recursive walks it', async () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(() => checkSpec({ id: 'DEEP', notes: deep }, 'deep.json')).toThrow('deep.json: the spec nests deeper than 64 levels');
    let shallow: unknown = 1;
    for (let level = 0; level < 60; level += 1) shallow = { a: shallow };
    expect(checkSpec({ id: 'OK', notes: shallow }, 'ok.json')).toMatchObject({ spec: { id: 'OK' } });
  });

  it('refuses one too large to send, also when it comes from a recording', async () => {
    expect(() => checkSpec({ id: 'BIG', steps: Array(30_000).fill('a step that is long enough') }, 'big.json')).toThrow(
      /^big\.json: the spec is too large for the model \(\d+ characters, more than 262144\)$/,
    );
  });
});
