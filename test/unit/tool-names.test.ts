import { describe, expect, it } from 'vitest';
import { ToolNameMap, isValidToolName } from '../../src/mcp/tool-names.js';

describe('ToolNameMap', () => {
  it('keeps valid names and maps invalid ones to valid unique names, and back', () => {
    const long = `repo.${'x'.repeat(80)}`;
    const map = new ToolNameMap(['get_file', 'gitlab.get_file', 'gitlab/get_file', 'gitlab_get_file', long, 'ünïcode tool']);
    expect(map.modelName('get_file')).toBe('get_file');
    expect(map.modelName('gitlab_get_file')).toBe('gitlab_get_file');
    const mapped = ['gitlab.get_file', 'gitlab/get_file', long, 'ünïcode tool'].map((name) => map.modelName(name));
    for (const name of mapped) expect(isValidToolName(name), name).toBe(true);
    expect(new Set([...mapped, 'get_file', 'gitlab_get_file']).size).toBe(6);
    for (const name of ['gitlab.get_file', 'gitlab/get_file', long, 'ünïcode tool']) {
      expect(map.serverName(map.modelName(name))).toBe(name);
    }
    expect(map.serverName('no_such_tool')).toBeUndefined();
  });
});
