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
