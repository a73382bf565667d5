// What must never happen, whatever the input: a suite written outside the
// output folder, a secret in an error line, a lost suite, a report failure
// turning a written suite into a failed run.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedReply } from '../fixtures/openai-server.js';
import { runCli, writerEnv } from '../helpers/run-cli.js';
import { SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';

let work: string;
let mcp: TestMcpServer | undefined;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'writer-safety-'));
});

afterEach(async () => {
  await model?.close();
  await mcp?.close();
  model = mcp = undefined;
  await rm(work, { recursive: true, force: true });
});

function answerEach(): ScriptedReply {
  return { content: fenced(SELF_CONTAINED_SUITE) };
}

async function servers(): Promise<Record<string, string | undefined>> {
  mcp = await startTestMcpServer();
  model = await startFakeOpenAI({ turns: Array.from({ length: 20 }, () => answerEach) });
  return writerEnv({ mcp, model });
}

async function spec(name: string, body: object): Promise<string> {
  const file = path.join(work, 'specs', name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(body));
  return file;
}

describe('safety', () => {
  it('refuses to write through a symbolic link that leaves the output folder', async () => {
    const outside = path.join(work, 'outside');
    await mkdir(outside);
    await mkdir(path.join(work, 'out'));
    await symlink(outside, path.join(work, 'out', 'tests'));
    const run = await runCli(['demo', '--out', path.join(work, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('would be written outside the output folder');
    expect(await readdir(outside)).toEqual([]);
  });

  it('never prints a secret in an error line, whatever command fails', async () => {
    // A gateway that echoes the request's credentials in its error page.
    const echo = http.createServer((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`gateway error, authorization=${request.headers.authorization}`);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/mcp`;
    const token = 'glpat-VERY-SECRET-123';
    try {
      const env = { GITLAB_MCP_TOKEN: token, OPENAI_API_KEY: 'sk-x', OPENAI_MODEL_WRITER: 'm' };
      await spec('a.json', { id: 'A-1', rf: { target_path: 'a.robot' } });
      await spec('b.json', { id: 'B-1', rf: { target_path: 'b.robot' } });
      for (const args of [
        ['tools', '--mcp-url', url],
        ['generate', '--spec', path.join(work, 'specs'), '--mcp-url', url],
      ]) {
        const run = await runCli(args, { env });
        expect(run.code, args[0]).toBe(3);
        expect(run.stderr, args[0]).toContain('authorization=[redacted]');
        expect(run.stderr + run.stdout, args[0]).not.toContain('VERY-SECRET');
      }
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it("redacts the environment's secrets in an error that comes before any setting is resolved", async () => {
    // The settings file is read before the settings are resolved; its name here is the token.
    const token = 'glpat-ENV-SECRET-456';
    const missing = path.join(work, `${token}.json`);
    for (const command of ['tools', 'generate', 'doctor']) {
      const run = await runCli([command, '--config', missing], { env: { GITLAB_MCP_TOKEN: token } });
      expect(run.code, command).toBe(2);
      expect(run.stderr + run.stdout, command).toContain('[redacted].json');
      expect(run.stderr + run.stdout, command).not.toContain('ENV-SECRET');
    }
  });

  it('refuses specs of a batch that would write the same file, before spending a token on them', async () => {
    const env = await servers();
    await spec('a.json', { id: 'A-1' });
    await spec('b.json', { id: 'B-1' });
    await spec('c.json', { id: 'C-1', rf: { target_path: 'tests/c.robot' } });
    const run = await runCli(['generate', '--spec', path.join(work, 'specs'), '--out', path.join(work, 'out'), '--json', '--force'], {
      env,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: 1, failed: 2 });
    expect(report.results[0].error).toMatch(
      /a\.json: writes .*generated_from_spec\.robot, as .*b\.json does; give each spec its own rf.target_path/,
    );
    expect(model?.requests).toHaveLength(1);
    expect(await readFile(path.join(work, 'out/tests/c.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });

  it('prints every suite of a batch dry run, each under a comment naming its spec', async () => {
    const env = await servers();
    await spec('a.json', { id: 'A-1', rf: { target_path: 'a.robot' } });
    await spec('b.json', { id: 'B-1', rf: { target_path: 'b.robot' } });
    const run = await runCli(['generate', '--spec', path.join(work, 'specs'), '--out', path.join(work, 'out'), '--dry-run'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `# ---- ${path.join(work, 'specs/a.json')} (A-1) ----\n${SELF_CONTAINED_SUITE}\n# ---- ${path.join(work, 'specs/b.json')} (B-1) ----\n${SELF_CONTAINED_SUITE}\n`,
    );
    expect(run.stderr).toContain('2 ready (dry run), 0 failed');
    expect(await readdir(work)).not.toContain('out');
  });

  it('keeps the exit code of a written suite when a report cannot be written', async () => {
    const env = await servers();
    const file = await spec('a.json', { id: 'A-1', rf: { target_path: 'a.robot' } });
    await writeFile(path.join(work, 'blocker'), 'a file where a folder should be');
    const run = await runCli(
      ['generate', '--spec', file, '--out', path.join(work, 'out'), '--junit', path.join(work, 'blocker/report.xml'), '--json'],
      { env },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('the JUnit report was not written: cannot write');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok' });
    expect(await readFile(path.join(work, 'out/a.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });

  it('skips a single spec that is not in this shard', async () => {
    const env = await servers();
    const file = await spec('a.json', { id: 'A-1' });
    const skipped = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out')], {
      env: { ...env, CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' },
    });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('shard 2/3 holds none of the 1 spec(s); nothing to do');
    expect(model?.requests).toHaveLength(0);
    const bad = await runCli(['generate', '--spec', file, '--shard', '0/0'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid --shard '0/0'");
  });

  it('takes a spec file whose name looks like a glob as that file', async () => {
    const env = await servers();
    const file = await spec('[draft] a.json', { id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--dry-run', '--json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', spec: file });
  });

  it('reports the last problems when the rounds run out during a repair', async () => {
    mcp = await startTestMcpServer();
    model = await startFakeOpenAI({ turns: [{ content: 'I would cancel the order.' }] });
    const file = await spec('a.json', { id: 'A-1' });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), '--max-rounds', '1', '--json'], {
      env: writerEnv({ mcp, model }),
    });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.error).toBe('the model answered without a Robot Framework suite; no rounds left (--max-rounds 1)');
    expect(summary.problems).toHaveLength(1);
  });
});

describe('usage errors', () => {
  it('are one line', async () => {
    for (const args of [['generate', '--bogus'], ['lint'], ['nope']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
