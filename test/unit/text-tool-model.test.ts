import { describe, expect, it } from 'vitest';
import { TextToolModel } from '../../src/model/text-tool-model.js';
import { ToolsRefusedError } from '../../src/model/tools-refused.js';
import type { AssistantReply, ChatModel, ChatRequest, StreamListener } from '../../src/model/types.js';

const TOOLS = [{ name: 'read', description: 'Reads.', parameters: { type: 'object', properties: {} } }];

/** A model that plays scripted replies (or throws) and keeps every request it got. */
function scripted(steps: Array<AssistantReply | Error>): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: 'm',
    requests,
    async reply(request: ChatRequest): Promise<AssistantReply> {
      requests.push(structuredClone(request));
      const step = steps.shift();
      if (!step) throw new Error('script exhausted');
      if (step instanceof Error) throw step;
      return step;
    },
  };
}

function listener(): StreamListener & { notices: string[]; started: string[] } {
  const notices: string[] = [];
  const started: string[] = [];
  return { notices, started, onNotice: (message) => notices.push(message), onToolCallStart: (name) => started.push(name) };
}

const toolPrompt = async (lines: string): Promise<string> => `# Tools\n<tools>\n${lines}\n</tools>`;

describe('TextToolModel', () => {
  it('in auto mode switches to text once when the server refuses tools, and says so once', async () => {
    const inner = scripted([
      new ToolsRefusedError('refused', 'registry.ollama.ai/library/x does not support tools'),
      { content: 'Let me look.\n<tool_call>{"name":"read","arguments":{"path":"a"}}</tool_call>', toolCalls: [] },
      { content: 'done', toolCalls: [] },
    ]);
    const model = new TextToolModel(inner, { mode: 'auto', toolPrompt });
    const events = listener();
    const first = await model.reply(
      {
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'go' },
        ],
        tools: TOOLS,
      },
      events,
    );
    expect(first.content).toBe('Let me look.');
    expect(first.toolCalls).toEqual([{ id: 'text_call_1', name: 'read', arguments: '{"path":"a"}' }]);
    expect(events.started).toEqual(['read']);
    expect(inner.requests[0]?.tools).toEqual(TOOLS);
    expect(inner.requests[1]?.tools).toEqual([]);
    expect(inner.requests[1]?.messages[0]?.content).toContain('sys\n\n# Tools\n<tools>\n{"type":"function","function":{"name":"read"');

    await model.reply(
      {
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'go' },
          { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: 'text_call_1', content: 'file A' },
        ],
        tools: TOOLS,
      },
      events,
    );
    expect(inner.requests).toHaveLength(3);
    expect(inner.requests[2]?.tools).toEqual([]);
    expect(inner.requests[2]?.messages.slice(2)).toEqual([
      { role: 'assistant', content: 'Let me look.\n<tool_call>\n{"name":"read","arguments":{"path":"a"}}\n</tool_call>' },
      { role: 'user', content: '<tool_response>\nfile A\n</tool_response>' },
    ]);
    expect(events.notices).toEqual([
      'model m has no native tool calls (registry.ollama.ai/library/x does not support tools); this run goes on with tool calls written as text (<tool_call> blocks)',
    ]);
  });

  it('in auto mode runs <tool_call> blocks a model writes in native mode, and keeps native calls native', async () => {
    const inner = scripted([
      { content: '<tool_call>{"name":"read","arguments":{}}</tool_call>', toolCalls: [] },
      { content: '', toolCalls: [{ id: 'n1', name: 'read', arguments: '{}' }] },
    ]);
    const model = new TextToolModel(inner, { mode: 'auto', toolPrompt });
    const text = await model.reply({ messages: [{ role: 'user', content: 'go' }], tools: TOOLS }, listener());
    expect(text.toolCalls).toEqual([{ id: 'text_call_1', name: 'read', arguments: '{}' }]);
    const native = await model.reply({ messages: [{ role: 'user', content: 'go' }], tools: TOOLS }, listener());
    expect(native.toolCalls).toEqual([{ id: 'n1', name: 'read', arguments: '{}' }]);
    expect(inner.requests.every((request) => request.tools.length === 1)).toBe(true);
  });

  it('passes other errors on and does not switch for them', async () => {
    const inner = scripted([new Error('boom')]);
    const model = new TextToolModel(inner, { mode: 'auto', toolPrompt });
    await expect(model.reply({ messages: [{ role: 'user', content: 'go' }], tools: TOOLS }, listener())).rejects.toThrow('boom');
  });

  it('in text mode never sends tools natively', async () => {
    const inner = scripted([{ content: '```robot\n*** Test Cases ***\n```', toolCalls: [] }]);
    const model = new TextToolModel(inner, { mode: 'text', toolPrompt });
    const reply = await model.reply({ messages: [{ role: 'user', content: 'go' }], tools: TOOLS }, listener());
    expect(reply.toolCalls).toEqual([]);
    expect(inner.requests[0]?.tools).toEqual([]);
    expect(inner.requests[0]?.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('<tools>') });
  });
});
