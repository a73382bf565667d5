import { describe, expect, it } from 'vitest';
import { ToolCallAssembler } from '../../src/model/tool-call-assembler.js';

describe('ToolCallAssembler', () => {
  it('assembles OpenAI-style parallel calls split across chunks', () => {
    const assembler = new ToolCallAssembler();
    expect(assembler.add({ index: 0, id: 'a', function: { name: 'read', arguments: '' } })).toBe('read');
    expect(assembler.add({ index: 1, id: 'b', function: { name: 'tree', arguments: '' } })).toBe('tree');
    assembler.add({ index: 0, function: { arguments: '{"p":' } });
    assembler.add({ index: 1, function: { arguments: '{}' } });
    assembler.add({ index: 0, function: { arguments: '"x"}' } });
    expect(assembler.finish()).toEqual([
      { id: 'a', name: 'read', arguments: '{"p":"x"}' },
      { id: 'b', name: 'tree', arguments: '{}' },
    ]);
  });

  it('separates calls streamed at index 0 by their ids (Ollama), with null arguments', () => {
    const assembler = new ToolCallAssembler();
    assembler.add({ index: 0, id: 'a', function: { name: 'read', arguments: '{"p":"1"}' } });
    assembler.add({ index: 0, id: 'b', function: { name: 'read', arguments: null } });
    assembler.add({ index: 0, function: { arguments: '{"p":"2"}' } });
    expect(assembler.finish()).toEqual([
      { id: 'a', name: 'read', arguments: '{"p":"1"}' },
      { id: 'b', name: 'read', arguments: '{"p":"2"}' },
    ]);
  });

  it('gives calls without ids an id', () => {
    const assembler = new ToolCallAssembler();
    assembler.add({ index: 0, function: { name: 'read', arguments: '{}' } });
    const [call] = assembler.finish();
    expect(call?.id).toMatch(/^call_0_/);
  });
});

describe('ToolCallAssembler with local servers', () => {
  it('takes the name and the first piece of the arguments in one chunk (llama.cpp)', () => {
    const assembler = new ToolCallAssembler();
    expect(assembler.add({ index: 0, id: 'a', function: { name: 'read', arguments: '{"p":' } })).toBe('read');
    assembler.add({ index: 0, function: { arguments: '"x"}' } });
    expect(assembler.add({ index: 1, id: 'b', function: { name: 'tree', arguments: '{"r":' } })).toBe('tree');
    assembler.add({ index: 1, function: { arguments: 'true}' } });
    expect(assembler.finish()).toEqual([
      { id: 'a', name: 'read', arguments: '{"p":"x"}' },
      { id: 'b', name: 'tree', arguments: '{"r":true}' },
    ]);
  });

  it('never merges parallel calls streamed piece by piece at index 0', () => {
    const assembler = new ToolCallAssembler();
    for (const [id, path] of [
      ['a', 'one'],
      ['b', 'two'],
      ['c', 'three'],
    ] as const) {
      assembler.add({ index: 0, id, function: { name: 'read', arguments: null } });
      for (const piece of ['{"path"', ':"', path, '"}']) assembler.add({ index: 0, id: null, function: { arguments: piece } });
    }
    expect(assembler.finish().map((call) => [call.id, JSON.parse(call.arguments)])).toEqual([
      ['a', { path: 'one' }],
      ['b', { path: 'two' }],
      ['c', { path: 'three' }],
    ]);
  });
});
