import { describe, expect, it } from 'vitest';
import {
  describeTools,
  formatToolCall,
  formatToolResponses,
  parseTextToolCalls,
  toTextConvention,
  withToolPrompt,
} from '../../src/model/text-tool-calls.js';
import { refusesTools } from '../../src/model/tools-refused.js';
import type { ChatMessage } from '../../src/model/types.js';

describe('parseTextToolCalls', () => {
  it('reads Hermes/Qwen blocks in order and keeps the text around them', () => {
    const reply =
      'I will read two files.\n<tool_call>\n{"name": "get_file_contents", "arguments": {"file_path": "doc/convention.md"}}\n</tool_call>\n' +
      '<tool_call>{"name":"get_repository_tree","arguments":{"path":"tests","recursive":true}}</tool_call>';
    expect(parseTextToolCalls(reply)).toEqual({
      text: 'I will read two files.',
      calls: [
        { name: 'get_file_contents', arguments: '{"file_path":"doc/convention.md"}' },
        { name: 'get_repository_tree', arguments: '{"path":"tests","recursive":true}' },
      ],
    });
  });

  it('takes arguments given as a JSON string or as "parameters", fenced blocks and a missing closing tag', () => {
    const reply =
      '<tool_call>```json\n{"name": "a", "arguments": "{\\"x\\": 1}"}\n```</tool_call>\n' +
      '<tool_call>{"name": "b", "parameters": {"y": 2}}\n' +
      '<tool_call>{"name": "c"}';
    expect(parseTextToolCalls(reply).calls).toEqual([
      { name: 'a', arguments: '{"x": 1}' },
      { name: 'b', arguments: '{"y":2}' },
      { name: 'c', arguments: '{}' },
    ]);
  });

  it('keeps a block that is not JSON as raw arguments, so the model is told what is wrong', () => {
    expect(parseTextToolCalls('<tool_call>{"name": "get_file_contents", "arguments": {"file_path": </tool_call>').calls).toEqual([
      { name: 'get_file_contents', arguments: '{"name": "get_file_contents", "arguments": {"file_path":' },
    ]);
  });

  it('finds nothing in a reply without blocks', () => {
    const suite = '```robot\n*** Test Cases ***\nA\n    Log    x\n```';
    expect(parseTextToolCalls(suite)).toEqual({ text: suite, calls: [] });
  });
});

describe('the text convention of a history', () => {
  const tools = [{ name: 'read', description: 'Reads a file.', parameters: { type: 'object', properties: { path: { type: 'string' } } } }];

  it('lists the tools one JSON object per line and formats calls and results', () => {
    expect(describeTools(tools)).toBe(
      '{"type":"function","function":{"name":"read","description":"Reads a file.","parameters":{"type":"object","properties":{"path":{"type":"string"}}}}}',
    );
    expect(formatToolCall({ name: 'read', arguments: '{"path":"a"}' })).toBe(
      '<tool_call>\n{"name":"read","arguments":{"path":"a"}}\n</tool_call>',
    );
    expect(formatToolCall({ name: 'read', arguments: '{"path":' })).toBe(
      '<tool_call>\n{"name":"read","arguments":"{\\"path\\":"}\n</tool_call>',
    );
    expect(formatToolResponses(['one', 'two'])).toBe('<tool_response>\none\n</tool_response>\n<tool_response>\ntwo\n</tool_response>');
  });

  it('turns tool calls and tool messages into text and one user message, leaving other calls native', () => {
    const history: ChatMessage[] = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'Reading.',
        toolCalls: [
          { id: 't1', name: 'read', arguments: '{"path":"a"}' },
          { id: 't2', name: 'read', arguments: '{"path":"b"}' },
        ],
      },
      { role: 'tool', toolCallId: 't2', content: 'B' },
      { role: 'tool', toolCallId: 't1', content: 'A' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'n1', name: 'read', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'n1', content: 'N' },
    ];
    const converted = toTextConvention(history, (call) => call.id.startsWith('t'));
    expect(converted).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content:
          'Reading.\n<tool_call>\n{"name":"read","arguments":{"path":"a"}}\n</tool_call>\n<tool_call>\n{"name":"read","arguments":{"path":"b"}}\n</tool_call>',
      },
      { role: 'user', content: '<tool_response>\nA\n</tool_response>\n<tool_response>\nB\n</tool_response>' },
      history[5],
      history[6],
    ]);
    expect(
      toTextConvention(history, () => true).some((message) => message.role === 'tool' || ('toolCalls' in message && message.toolCalls)),
    ).toBe(false);
  });

  it('adds the tool description to the system message, or gives it one', () => {
    expect(
      withToolPrompt(
        [
          { role: 'system', content: 'sys\n' },
          { role: 'user', content: 'u' },
        ],
        '# Tools\n',
      ),
    ).toEqual([
      { role: 'system', content: 'sys\n\n# Tools' },
      { role: 'user', content: 'u' },
    ]);
    expect(withToolPrompt([{ role: 'user', content: 'u' }], '# Tools')[0]).toEqual({ role: 'system', content: '# Tools' });
  });
});

describe('refusesTools', () => {
  it.each([
    ['registry.ollama.ai/library/gemma:2b does not support tools', true],
    ['tools param requires --jinja flag', true],
    ['"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', true],
    ['The model `x` does not exist', false],
    ['Rate limit reached', false],
  ])('%s → %s', (message, expected) => {
    expect(refusesTools(message)).toBe(expected);
  });
});
