import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compactDefinition, compactSchema, shortDescription } from '../../src/mcp/compact-schema.js';

describe('shortDescription', () => {
  it('keeps the first sentence, and the second when both fit', () => {
    const text =
      'Get contents of a file or directory from a GitLab project. Use this for a known resource or result; choose the corresponding list or search tool when you need to discover multiple resources.';
    expect(shortDescription(text, 120, 2)).toBe('Get contents of a file or directory from a GitLab project.');
    expect(shortDescription('Search projects. Read-only.', 120, 2)).toBe('Search projects. Read-only.');
    expect(shortDescription('Search projects. Read-only.', 120, 1)).toBe('Search projects.');
  });

  it('does not end a sentence at an abbreviation or inside a path, and collapses whitespace', () => {
    expect(shortDescription('Path of the file, e.g. docs/a.md or ./b.md.\n\nMore   text here.', 80, 1)).toBe(
      'Path of the file, e.g. docs/a.md or ./b.md.',
    );
    expect(shortDescription('Version 1.5 of the API is used. Then more.', 80, 1)).toBe('Version 1.5 of the API is used.');
  });

  it('cuts a first sentence longer than the limit at a word, marked with an ellipsis', () => {
    const cut = shortDescription('Pagination method to use for the listing when the repository has many files and folders below', 40, 1);
    expect(cut).toBe('Pagination method to use for the…');
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(shortDescription('', 40, 1)).toBe('');
  });
});

describe('compactSchema', () => {
  const full = {
    type: 'object',
    title: 'Arguments',
    properties: {
      file_path: { type: 'string', description: 'Path to the file. Takes precedence over path.', minLength: 1, examples: ['a.md'] },
      per_page: { type: 'integer', description: 'Items per page (max: 100, default: 20)', default: 20, minimum: 1, maximum: 100 },
      order: { type: 'string', enum: ['asc', 'desc'], description: 'Sort order' },
      target: {
        oneOf: [
          { type: 'string', minLength: 3 },
          { type: 'string', maxLength: 2 },
        ],
      },
      labels: { type: ['array', 'null'], items: { type: 'string', pattern: '^[a-z]+$' }, nullable: true },
      options: {
        type: 'object',
        properties: { deep: { type: 'boolean', $comment: 'x' } },
        required: ['deep'],
        additionalProperties: false,
      },
    },
    required: ['file_path'],
    additionalProperties: false,
  };

  it('keeps names, types, required, enums and short descriptions; drops the rest; oneOf becomes anyOf', () => {
    expect(compactSchema(full)).toEqual({
      type: 'object',
      required: ['file_path'],
      properties: {
        file_path: { type: 'string', description: 'Path to the file.' },
        per_page: { type: 'integer', description: 'Items per page (max: 100, default: 20)' },
        order: { type: 'string', enum: ['asc', 'desc'], description: 'Sort order' },
        target: { anyOf: [{ type: 'string' }, { type: 'string' }] },
        labels: { type: ['array', 'null'], nullable: true, items: { type: 'string' } },
        options: { type: 'object', required: ['deep'], properties: { deep: { type: 'boolean' } } },
      },
    });
  });

  it('accepts what the full schema accepts', () => {
    const ajv = new Ajv({ strict: false });
    const compact = ajv.compile(compactSchema(full) as object);
    const strict = ajv.compile(full);
    // 'main' matches one oneOf branch of the full schema and both widened branches: anyOf still takes it.
    for (const args of [
      { file_path: 'a.md' },
      { file_path: 'b', per_page: 5, order: 'asc', target: 'main', labels: null, options: { deep: true } },
    ]) {
      expect(strict(args)).toBe(true);
      expect(compact(args)).toBe(true);
    }
    expect(compact({ per_page: 5 })).toBe(false);
  });

  it('compacts a whole definition, name kept', () => {
    const definition = compactDefinition({
      name: 'get_file_contents',
      description:
        'Get contents of a file. It is read-only and does not mutate GitLab data; missing resources, invalid identifiers, insufficient permission, and rate limits are returned as errors.',
      parameters: full,
    });
    expect(definition.name).toBe('get_file_contents');
    expect(definition.description).toBe('Get contents of a file.');
    expect(JSON.stringify(definition).length).toBeLessThan(JSON.stringify(full).length);
  });
});
