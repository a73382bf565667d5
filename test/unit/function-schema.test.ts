import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toFunctionParameters } from '../../src/mcp/function-schema.js';

describe('toFunctionParameters', () => {
  it('drops $schema and keeps an object schema as it is', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { file_path: { type: 'string', description: 'path' } },
      required: ['file_path'],
      additionalProperties: false,
    };
    expect(toFunctionParameters(schema)).toEqual({
      type: 'object',
      properties: { file_path: { type: 'string', description: 'path' } },
      required: ['file_path'],
      additionalProperties: false,
    });
  });

  it('inlines local $refs from $defs and definitions, keeping sibling descriptions', () => {
    const schema = {
      type: 'object',
      properties: {
        files: { type: 'array', items: { $ref: '#/$defs/File' } },
        author: { $ref: '#/definitions/Person', description: 'who commits' },
      },
      $defs: { File: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
      definitions: { Person: { type: 'object', properties: { name: { type: 'string' } } } },
    };
    expect(toFunctionParameters(schema)).toEqual({
      type: 'object',
      properties: {
        files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
        author: { type: 'object', properties: { name: { type: 'string' } }, description: 'who commits' },
      },
    });
  });

  it('cuts recursive and dangling references to open values', () => {
    const schema = {
      type: 'object',
      properties: { node: { $ref: '#/$defs/Node' }, remote: { $ref: 'https://example.com/x.json', description: 'far' } },
      $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } },
    };
    const converted = toFunctionParameters(schema) as { properties: Record<string, unknown> };
    expect(converted.properties.node).toEqual({ type: 'object', properties: { child: {} } });
    expect(converted.properties.remote).toEqual({ description: 'far' });
    expect(JSON.stringify(converted)).not.toContain('$ref');
  });

  it('gives arrays items and objects properties, also inside anyOf and nullable types', () => {
    const schema = {
      type: 'object',
      properties: {
        labels: { type: ['array', 'null'] },
        options: { anyOf: [{ type: 'object' }, { type: 'string' }] },
        nested: { type: 'object', additionalProperties: { type: 'array' } },
      },
    };
    expect(toFunctionParameters(schema)).toEqual({
      type: 'object',
      properties: {
        labels: { type: ['array', 'null'], items: {} },
        options: { anyOf: [{ type: 'object', properties: {} }, { type: 'string' }] },
        nested: { type: 'object', additionalProperties: { type: 'array', items: {} }, properties: {} },
      },
    });
  });

  it('makes a missing or non-object root an empty object schema', () => {
    expect(toFunctionParameters(undefined)).toEqual({ type: 'object', properties: {} });
    expect(toFunctionParameters({ type: 'string' })).toEqual({ type: 'object', properties: {} });
    expect(toFunctionParameters({ properties: { a: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
  });

  it('drops required names that have no property', () => {
    expect(toFunctionParameters({ type: 'object', properties: { a: {} }, required: ['a', 'ghost'] })).toEqual({
      type: 'object',
      properties: { a: {} },
      required: ['a'],
    });
  });

  it('produces schemas ajv compiles', () => {
    const converted = toFunctionParameters({
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/$defs/I' } } },
      $defs: { I: { type: 'object', properties: { n: { type: 'integer' } } } },
    });
    const validate = new Ajv({ strict: false }).compile(converted);
    expect(validate({ items: [{ n: 1 }] })).toBe(true);
    expect(validate({ items: [{ n: 'x' }] })).toBe(false);
  });

  it('keeps the inlined properties of a root $ref with a type beside it', () => {
    const schema = {
      $ref: '#/$defs/Args',
      type: 'object',
      $defs: {
        Args: {
          type: 'object',
          properties: { project_id: { type: 'string' }, file_path: { type: 'string' } },
          required: ['project_id', 'file_path'],
        },
      },
    };
    expect(toFunctionParameters(schema)).toEqual({
      type: 'object',
      properties: { project_id: { type: 'string' }, file_path: { type: 'string' } },
      required: ['project_id', 'file_path'],
    });
  });

  it('flattens a root allOf of objects so every property sits at the root', () => {
    const schema = {
      allOf: [
        { type: 'object', properties: { project_id: { type: 'string' } }, required: ['project_id'] },
        { type: 'object', properties: { ref: { type: 'string' }, path: { type: 'string' } } },
      ],
    };
    expect(toFunctionParameters(schema)).toEqual({
      type: 'object',
      properties: { project_id: { type: 'string' }, ref: { type: 'string' }, path: { type: 'string' } },
      required: ['project_id'],
    });
  });
});
