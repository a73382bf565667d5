import { describe, expect, it } from 'vitest';
import { printable, printableJson, printableLine } from '../../src/printable.js';
import { secretsInUrl } from '../../src/config/secrets.js';
import { Redactor, containsSecret } from '../../src/output/redact.js';

describe('redactor', () => {
  it('redacts a secret as written and as JSON escapes it', () => {
    const key = 'sk-"quoted\\key';
    const { redact } = new Redactor([key]);
    expect(redact(`key ${key}`)).toBe('key [redacted]');
    expect(redact(JSON.stringify({ echoed: key }))).toBe('{"echoed":"[redacted]"}');
    expect(containsSecret(JSON.stringify(key), [key])).toBe(true);
    expect(containsSecret('nothing here', [key])).toBe(false);
  });

  it('redacts every string of a value, keys too, before it is serialised', () => {
    const redacted = new Redactor(['sk-secret-1']).redactDeep({ list: ['a sk-secret-1'], ['sk-secret-1']: { n: 1 } });
    expect(redacted).toEqual({ list: ['a [redacted]'], '[redacted]': { n: 1 } });
  });
});

describe('secretsInUrl', () => {
  it('finds the password, a user name standing alone, and credential parameters', () => {
    expect(secretsInUrl('https://user:p%40ssword@host/v1')).toEqual(['p%40ssword', 'p@ssword']);
    expect(secretsInUrl('https://oauth2token@host/v1')).toEqual(['oauth2token']);
    expect(secretsInUrl('https://host/mcp?private_token=glpat-1234&access_token=abcd1234&team=qa&sig=zzzz')).toEqual([
      'glpat-1234',
      'abcd1234',
      'zzzz',
    ]);
  });

  it('finds nothing in a plain URL or in something that is no URL', () => {
    expect(secretsInUrl('http://127.0.0.1:8080/mcp?team=qa')).toEqual([]);
    expect(secretsInUrl('not a url')).toEqual([]);
    expect(secretsInUrl(undefined)).toEqual([]);
  });
});

describe('printable text', () => {
  const evil = 'a\u001b[2Jb\u0000c\u0007d\u009b31me\u202ef\rg';

  it('drops control characters, keeping newlines and tabs in multi-line text', () => {
    expect(printable(`${evil}\n\tnext`)).toBe('a[2Jbcd31mefg\n\tnext');
  });

  it('keeps a message on one line', () => {
    expect(printableLine(`one\ntwo\u2028three\tfour`)).toBe('one two three four');
  });

  it('escapes in JSON what a terminal could act on, and the value stays the same', () => {
    const json = printableJson({ text: evil });
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual({ text: evil });
  });
});
