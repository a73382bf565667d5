// One key for a tool call, used by the remembering host, the batch's shared reads and replay:
// the same tool with the same arguments in any key order is the same call.

import { describe, expect, it } from 'vitest';
import { RememberingToolHost } from '../../src/loop/remembering-tool-host.js';
import { errorOutcome, isOutcome, toolCallKey } from '../../src/loop/tool-host.js';
import { ReplayToolSession } from '../../src/record/replay.js';
import { MemoryToolHost } from '../helpers/memory-tool-host.js';

describe('toolCallKey', () => {
  it('ignores the order of keys, nested ones too, and nothing else', () => {
    const key = toolCallKey({ name: 'read', arguments: { path: 'a', options: { ref: 'main', depth: 1 } } });
    expect(toolCallKey({ name: 'read', arguments: { options: { depth: 1, ref: 'main' }, path: 'a' } })).toBe(key);
    expect(toolCallKey({ name: 'list', arguments: { path: 'a', options: { ref: 'main', depth: 1 } } })).not.toBe(key);
    expect(toolCallKey({ name: 'read', arguments: { path: 'a', options: { ref: 'dev', depth: 1 } } })).not.toBe(key);
  });

  it('tells a refused call from a prepared one', () => {
    expect(isOutcome(errorOutcome('no such tool'))).toBe(true);
    expect(isOutcome({ name: 'read', arguments: {} })).toBe(false);
  });
});

describe('the same key everywhere', () => {
  it('lets the remembering host list its calls as they were made, each once', async () => {
    const host = new RememberingToolHost(new MemoryToolHost({ read: (args) => `text of ${String(args.path)}` }));
    await host.execute({ name: 'read', arguments: { path: 'a', ref: 'main' } }, { caller: 'writer' });
    await host.execute({ name: 'read', arguments: { ref: 'main', path: 'a' } });
    expect(host.isRepeat({ name: 'read', arguments: { ref: 'main', path: 'a' } })).toBe(true);
    expect(host.remembered().map(({ name, arguments: args }) => [name, args])).toEqual([['read', { path: 'a', ref: 'main' }]]);
  });

  it('lets a replay answer a call whose arguments come in another order', async () => {
    const result = { content: [{ type: 'text', text: 'recorded' }], isError: false };
    const session = new ReplayToolSession('server', [], [{ name: 'read', arguments: { path: 'a', ref: 'main' }, result }]);
    expect(await session.callTool('read', { ref: 'main', path: 'a' })).toEqual(result);
    expect((await session.callTool('read', { path: 'b' })).isError).toBe(true);
  });

  it('lets a replayed failure reject, as the server call did', async () => {
    const session = new ReplayToolSession('server', [], [{ name: 'read', arguments: {}, error: 'connection reset' }]);
    await expect(session.callTool('read', {})).rejects.toThrow('connection reset');
  });
});
