import { describe, expect, it } from 'vitest';
import { ConventionsPointer } from '../../src/app/conventions-pointer.js';
import type { ToolHost, ToolOutcome } from '../../src/loop/tool-host.js';

const POINTER = 'The conventions document `doc/convention.md` (ref main) is already in the first user message, in full: read it there.';
const WRITER_READ = { name: 'get_file_contents', arguments: { file_path: 'doc/convention.md', project_id: '42', ref: 'main' } };

/** A host that answers every call with the call's own JSON, and remembers what reached it. */
function recordingHost(): ToolHost & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    definitions: [],
    prepare: () => ({ result: { content: [], isError: true } }),
    async execute(prepared): Promise<ToolOutcome> {
      sent.push(JSON.stringify(prepared));
      return { result: { content: [{ type: 'text', text: 'the file' }], isError: false } };
    },
  };
}

describe('ConventionsPointer', () => {
  const call = (name: string, args: Record<string, unknown>) => ({ name, arguments: { project_id: '42', ref: 'main', ...args } });

  it('answers the model with a pointer for the same file at the same ref, however the tool and path are spelled', async () => {
    const inner = recordingHost();
    const host = new ConventionsPointer(inner, WRITER_READ, 'doc/convention.md', POINTER);
    for (const prepared of [
      call('get_file_contents', { file_path: 'doc/convention.md' }),
      call('get_file_contents', { path: './doc/convention.md' }),
      call('get_file_contents', { file_path: '/doc//convention.md', path: 'doc/convention.md' }),
      call('get_file_contents', { file_path: 'doc%2Fconvention.md' }),
      call('get_repository_file', { file_path: 'doc/convention.md' }),
    ]) {
      const outcome = await host.execute(prepared, { caller: 'model' });
      expect(outcome.result.content, JSON.stringify(prepared)).toEqual([{ type: 'text', text: POINTER }]);
      expect(host.isRepeat(prepared)).toBe(false);
    }
    expect(inner.sent).toEqual([]);
  });

  it("lets through another ref, a part of the file, another file, another tool, and writer's own reads", async () => {
    const inner = recordingHost();
    const host = new ConventionsPointer(inner, WRITER_READ, 'doc/convention.md', POINTER);
    const through = [
      call('get_file_contents', { file_path: 'doc/convention.md', ref: 'release-1' }),
      call('get_file_contents', { file_path: 'doc/convention.md', start_line: 10, end_line: 20 }),
      call('get_file_contents', { file_path: 'doc/other.md' }),
      call('get_file_contents', { file_path: 'doc/convention.md', path: 'doc/other.md' }),
      call('get_file_blame', { file_path: 'doc/convention.md' }),
      { name: 'get_file_contents', arguments: { file_path: 'doc/convention.md' } },
    ];
    for (const prepared of through) expect((await host.execute(prepared, { caller: 'model' })).result.content[0]?.text).toBe('the file');
    await host.execute(call('get_file_contents', { file_path: 'doc/convention.md' }), { caller: 'writer' });
    expect(inner.sent).toHaveLength(through.length + 1);
  });
});
