import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardFrom } from '../../src/app/shard.js';
import { loadConfigFile } from '../../src/config/config-file.js';
import { junitReport, junitXml } from '../../src/output/junit.js';
import type { RunSummary } from '../../src/output/run-summary.js';
import { findSpecs } from '../../src/spec/find-specs.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'writer-batch-'));
  for (const file of ['specs/b.json', 'specs/a.json', 'specs/nested/c.json', 'specs/readme.md', 'other/d.json']) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), '{}');
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findSpecs', () => {
  it('takes one file as it is, not as a batch', async () => {
    expect(await findSpecs(['specs/a.json'], dir)).toEqual({ files: ['specs/a.json'], batch: false });
  });

  it('expands folders and quoted globs, sorted and without duplicates', async () => {
    expect(await findSpecs(['specs'], dir)).toEqual({ files: ['specs/a.json', 'specs/b.json', 'specs/nested/c.json'], batch: true });
    expect(await findSpecs(['specs/**/*.json', 'other/d.json', 'specs/a.json'], dir)).toEqual({
      files: ['other/d.json', 'specs/a.json', 'specs/b.json', 'specs/nested/c.json'],
      batch: true,
    });
  });

  it('refuses arguments that match nothing', async () => {
    await expect(findSpecs(['nope/*.json'], dir)).rejects.toThrow('--spec nope/*.json: no file matches it');
    await mkdir(path.join(dir, 'empty'), { recursive: true });
    await expect(findSpecs(['empty'], dir)).rejects.toThrow('--spec empty: the folder holds no .json spec');
    // A plain missing path stays a spec, so that reading it names the file.
    expect(await findSpecs(['missing.json'], dir)).toEqual({ files: ['missing.json'], batch: false });
  });
});

describe('shards', () => {
  it('splits sorted specs into disjoint, complete, balanced slices', () => {
    const specs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const slices = [1, 2, 3].map((index) => selectShard(specs, { index, total: 3 }));
    expect(slices).toEqual([
      ['a', 'd', 'g'],
      ['b', 'e'],
      ['c', 'f'],
    ]);
    expect(slices.flat().sort()).toEqual(specs);
    expect(selectShard(specs, undefined)).toEqual(specs);
  });

  it('reads --shard, else GitLab CI variables, and refuses nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(shardFrom(undefined, { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '5' })).toEqual({ index: 3, total: 5 });
    expect(shardFrom('1/2', { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '5' })).toEqual({ index: 1, total: 2 });
    expect(shardFrom(undefined, {})).toBeUndefined();
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).toThrow(`invalid --shard '${bad}'`);
  });
});

describe('junitXml', () => {
  it('writes one testcase per spec, failures with their error, escaped', () => {
    const xml = junitXml([
      { name: 'ORDER-1', file: 'specs/a.json', durationMs: 1500 },
      { name: 'LOGIN <2>', file: 'specs/b.json', durationMs: 250, error: 'no suite after 18 rounds & "more"' },
    ]);
    expect(xml).toContain('<testsuites name="writer" tests="2" failures="1" errors="0" time="1.750">');
    expect(xml).toContain('<testcase classname="writer.generate" name="ORDER-1" file="specs/a.json" time="1.500"/>');
    expect(xml).toContain('name="LOGIN &lt;2&gt;"');
    expect(xml).toContain('<failure message="no suite after 18 rounds &amp; &quot;more&quot;" type="GenerationFailed">');
    // Well-formed enough for a strict parser: every opened element is closed.
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<\/testcase>|\/>/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('marks specs that were not generated as skipped, with the reason', () => {
    const xml = junitXml([
      { name: 'ORDER-1', file: 'specs/a.json', durationMs: 3, skipped: 'up to date (--changed-only)' },
      { name: 'ORDER-2', file: 'specs/b.json', durationMs: 900 },
    ]);
    expect(xml).toContain('<testsuite name="writer generate" tests="2" failures="0" errors="0" skipped="1" time="0.903">');
    expect(xml).toContain(
      '    <testcase classname="writer.generate" name="ORDER-1" file="specs/a.json" time="0.003">\n      <skipped message="up to date (--changed-only)"/>\n    </testcase>',
    );
  });
});

describe('junitReport', () => {
  const run = (status: RunSummary['status'], extra: Partial<RunSummary> = {}): RunSummary => ({
    status,
    spec: 'specs/a.json',
    output: null,
    rounds: 2,
    toolCalls: 3,
    repeatsAvoided: 0,
    truncatedChars: 0,
    usage: { promptTokens: 100, completionTokens: 10, cachedTokens: 0, estimated: false },
    durationMs: 500,
    error: null,
    ...extra,
  });
  const hide = (text: string): string => text.replaceAll('sk-secret', '[redacted]');

  it('gives a failure its error and every problem, redacted, whether the run had one spec or many', () => {
    const failed = run('failed', {
      error: 'the suite still fails the Robot Framework checks (2 problems)',
      problems: [
        { line: 3, message: "unknown keyword 'Open Browsr'" },
        { line: 7, message: 'holds sk-secret' },
      ],
    });
    const single = junitReport([{ name: 'ORDER-1', file: 'specs/a.json', result: failed }], hide);
    const details =
      "the suite still fails the Robot Framework checks (2 problems)\nline 3: unknown keyword 'Open Browsr'\nline 7: holds [redacted]";
    expect(single).toContain(
      `<failure message="the suite still fails the Robot Framework checks (2 problems)" type="GenerationFailed">${details}</failure>`,
    );
    const batch = junitReport(
      [
        { name: 'ORDER-1', file: 'specs/a.json', result: failed },
        { name: 'ORDER-2', file: 'specs/b.json', result: run('ok') },
      ],
      hide,
    );
    expect(batch).toContain(single.split('\n').find((line) => line.includes('<failure'))!);
    // The suite's usage is the run's total.
    expect(batch).toContain('<property name="promptTokens" value="200"/>');
  });

  it('skips specs that were up to date or never ran, with the reason', () => {
    const xml = junitReport(
      [
        { name: 'ORDER-1', file: 'specs/a.json', result: run('skipped') },
        { name: 'ORDER-2', file: 'specs/b.json', result: run('not-run', { error: "not run: the batch's token budget is spent" }) },
      ],
      hide,
    );
    expect(xml).toContain('skipped="2"');
    expect(xml).toContain('<skipped message="up to date (--changed-only)"/>');
    expect(xml).toContain('<skipped message="not run: the batch\'s token budget is spent"/>');
  });
});

describe('loadConfigFile', () => {
  const write = async (name: string, content: unknown): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('reads writer.config.json from the working folder and expands references', async () => {
    const cwd = path.join(dir, 'team');
    await mkdir(cwd, { recursive: true });
    await writeFile(
      path.join(cwd, 'writer.config.json'),
      JSON.stringify({
        mcpUrl: 'https://mcp.example/mcp',
        mcpHeader: ['Authorization: Bearer ${TEAM_TOKEN}', 'X-Team: qa'],
        maxRounds: 9,
        concurrency: 3,
      }),
    );
    expect(await loadConfigFile(undefined, { TEAM_TOKEN: 'tok' }, cwd)).toEqual({
      mcpUrl: 'https://mcp.example/mcp',
      mcpHeader: ['Authorization: Bearer tok', 'X-Team: qa'],
      maxRounds: 9,
      concurrency: 3,
    });
    expect(await loadConfigFile(undefined, {}, dir)).toEqual({});
  });

  it('names the key of every problem', async () => {
    await expect(loadConfigFile(await write('a.json', { maxRounds: 'ten' }), {})).rejects.toThrow(/a\.json: \/maxRounds must be integer/);
    await expect(loadConfigFile(await write('b.json', { maxRoundz: 3 }), {})).rejects.toThrow(/b\.json: \/maxRoundz is not a setting/);
    await expect(loadConfigFile(await write('c.json', { apiKey: 'sk-1' }), {})).rejects.toThrow(
      'c.json: /apiKey is a secret and does not belong in the file; set OPENAI_API_KEY',
    );
    await expect(loadConfigFile(await write('d.json', { mcpHeader: ['Authorization: Bearer abc'] }), {})).rejects.toThrow(
      "d.json: /mcpHeader 'Authorization' holds a credential",
    );
    for (const header of ['X-Private: abc', 'Private-Token: abc', 'X-Api-Key: abc', 'Proxy-Authorization: Basic abc', 'X-Session: abc']) {
      const name = header.split(':')[0];
      await expect(loadConfigFile(await write('h.json', { mcpHeader: [header] }), {}), header).rejects.toThrow(
        `h.json: /mcpHeader '${name}' holds a credential`,
      );
    }
    expect(await loadConfigFile(await write('i.json', { mcpHeader: ['X-Team: qa'] }), {})).toEqual({ mcpHeader: ['X-Team: qa'] });
    await expect(loadConfigFile(await write('e.json', { mcpUrl: 'https://${HOST_X}/mcp' }), {})).rejects.toThrow(
      'e.json: /mcpUrl refers to ${HOST_X}, which is not set',
    );
    await expect(loadConfigFile(await write('f.json', '{ nope'), {})).rejects.toThrow(/f\.json: not valid JSON/);
    await expect(loadConfigFile(path.join(dir, 'missing.json'), {})).rejects.toThrow(
      'missing.json: cannot read the configuration file (no such file)',
    );
  });
});
