import { describe, expect, it } from 'vitest';
import { shapeResult, truncate } from '../../src/loop/shape-result.js';

const text = (value: string) => ({ content: [{ type: 'text', text: value }], isError: false });
const options = { maxChars: 20_000, shape: true };

describe('shapeResult', () => {
  it('joins text parts as plain text and marks errors', () => {
    expect(
      shapeResult(
        {
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
          isError: false,
        },
        options,
      ).text,
    ).toBe('a\nb');
    expect(shapeResult({ content: [{ type: 'text', text: '404 File Not Found' }], isError: true }, options).text).toBe(
      'ERROR: 404 File Not Found',
    );
    expect(shapeResult({ content: [{ type: 'image', mimeType: 'image/png' }], isError: false }, options).text).toBe(
      '[image content (image/png) omitted]',
    );
  });

  it('gives a JSON-wrapped file as a header and its text, decoding base64', () => {
    const file = {
      file_name: 'a.robot',
      file_path: 'tests/a.robot',
      ref: 'qa',
      encoding: 'utf8',
      content: '*** Test Cases ***\nT\n    Log    "x"\n',
      blob_id: 'b',
    };
    expect(shapeResult(text(JSON.stringify(file, null, 2)), options).text).toBe(
      'File tests/a.robot (ref qa):\n*** Test Cases ***\nT\n    Log    "x"\n',
    );
    const encoded = { ...file, encoding: 'base64', content: Buffer.from('hello\n').toString('base64') };
    expect(shapeResult(text(JSON.stringify(encoded)), options).text).toBe('File tests/a.robot (ref qa):\nhello\n');
  });

  it('gives a repository tree as one path a line, folders ending in /, keyset pages with their next token', () => {
    const entry = (path: string, type: string) => ({
      id: 'bbc5d10800e48c8bf619b20386a163f0f1c64b2d',
      name: path.split('/').at(-1),
      type,
      path,
      mode: '100644',
    });
    const tree = [entry('tests/login', 'tree'), entry('tests/login/login_valid.robot', 'blob'), entry('vendor/lib', 'commit')];
    expect(shapeResult(text(JSON.stringify(tree)), options).text).toBe(
      'tests/login/\ntests/login/login_valid.robot\nvendor/lib (submodule)',
    );
    const page = { items: [entry('a.robot', 'blob')], next_page_token: 'eyJpZCI6MX0' };
    expect(shapeResult(text(JSON.stringify(page)), options).text).toBe('a.robot\nnext_page_token: eyJpZCI6MX0');
    // Anything else that merely has paths stays JSON.
    expect(shapeResult(text('[{"path":"a","type":"file"}]'), options).text).toBe('[{"path":"a","type":"file"}]');
    expect(shapeResult(text(JSON.stringify(tree)), { ...options, shape: false }).text).toBe(JSON.stringify(tree));
  });

  it('compacts other JSON and leaves other text alone', () => {
    expect(shapeResult(text('[\n  { "name": "a" },\n  { "name": "b" }\n]'), options).text).toBe('[{"name":"a"},{"name":"b"}]');
    expect(shapeResult(text('{ not json'), options).text).toBe('{ not json');
    expect(shapeResult(text('[\n 1 ]'), { ...options, shape: false }).text).toBe('[\n 1 ]');
  });

  it('keeps head and tail of long results with a marker saying how much was cut', () => {
    const long = 'h'.repeat(700) + 'm'.repeat(5000) + 't'.repeat(300);
    const cut = truncate(long, 1000);
    expect(cut.truncatedChars).toBe(5000);
    expect(cut.text.startsWith('h'.repeat(700) + '\n\n[... 5000 of 6000 characters cut here.')).toBe(true);
    expect(cut.text.endsWith('...]\n\n' + 't'.repeat(300))).toBe(true);
    expect(truncate('short', 1000)).toEqual({ text: 'short', truncatedChars: 0 });
  });
});
