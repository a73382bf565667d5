import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fillTemplate, placeholdersOf, renderPrompt } from '../../src/app/prompts.js';

describe('prompts', () => {
  it('fills every placeholder and fails on a missing value', () => {
    expect(fillTemplate('a {{x}} b {{y}}', { x: '1', y: '2' })).toBe('a 1 b 2\n');
    expect(() => fillTemplate('a {{x}} {{z}}', { x: '1' }, 'demo')).toThrow('prompt demo needs a value for z');
  });

  it('leaves placeholders inside values alone', () => {
    expect(fillTemplate('{{spec}}', { spec: '{"a": "{{b}}"}' })).toBe('{"a": "{{b}}"}\n');
  });

  it('uses only the placeholders generate provides, and nothing of the spec before the spec', async () => {
    // What every spec of a run shares: the only values the prompts before the spec may hold, so that they begin alike.
    const runWide = ['project', 'ref', 'conventions_path'];
    const provided: Record<string, string[]> = {
      'system.md': runWide,
      'user.md': ['target_path', 'target_dir', 'spec_file', 'spec_json', 'conventions_section'],
      'conventions-included.md': [...runWide, 'conventions'],
      'update.md': [
        'target_path',
        'target_dir',
        'spec_file',
        'spec_json',
        'conventions_section',
        'current_suite',
        'suite_source',
        'already_matches',
      ],
      'conventions-missing.md': [],
      'conventions-pointer.md': runWide,
      'repair.md': ['target_path', 'problems'],
      'text-tools.md': ['tools'],
      'language.md': ['languages'],
    };
    const files = await readdir(new URL('../../prompts/', import.meta.url));
    expect(files.sort()).toEqual(Object.keys(provided).sort());
    for (const file of files) {
      const template = await readFile(new URL(`../../prompts/${file}`, import.meta.url), 'utf8');
      for (const name of placeholdersOf(template)) expect(provided[file], `${file} uses {{${name}}}`).toContain(name);
    }
    const user = await readFile(new URL('../../prompts/user.md', import.meta.url), 'utf8');
    expect(user.startsWith('{{conventions_section}}')).toBe(true);
    const update = await readFile(new URL('../../prompts/update.md', import.meta.url), 'utf8');
    expect(update.startsWith('{{conventions_section}}')).toBe(true);
    await expect(renderPrompt('repair', { target_path: 'x.robot', problems: '- line 1: bad' })).resolves.toContain('- line 1: bad');
    await expect(renderPrompt('text-tools', { tools: '{"type":"function"}' })).resolves.toContain('<tools>\n{"type":"function"}\n</tools>');
  });
});
