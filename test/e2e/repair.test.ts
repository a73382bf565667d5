// Every answer is checked as Robot Framework before it is written; what fails
// goes back to the model with precise errors, and `writer lint` runs the same checks.

import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const MISSPELT = CANCEL_ORDER_SUITE.replace('    Cancel Order    ${order}', '    Cancel The Order    ${order}');
const UNCLOSED = CANCEL_ORDER_SUITE.replace(
  '    Login As ${DEFAULT_USER}\n',
  '    FOR    ${i}    IN RANGE    2\n        Log    ${i}\n    Login As ${DEFAULT_USER}\n',
);
const robotInstalled = (() => {
  try {
    execFileSync('python3', ['-c', 'import robot']);
    return true;
  } catch {
    return false;
  }
})();

let mcp: TestMcpServer;
let model: FakeOpenAI;
let out: string;

beforeEach(async () => {
  mcp = await startTestMcpServer();
  out = await mkdtemp(path.join(tmpdir(), 'writer-repair-'));
});

afterEach(async () => {
  await model?.close();
  await mcp.close();
  await rm(out, { recursive: true, force: true });
});

async function generate(turns: ScriptedTurn[], flags: string[] = []): Promise<Awaited<ReturnType<typeof runCli>>> {
  model = await startFakeOpenAI({ turns });
  return runCli(['generate', '--spec', SPEC, '--out', out, ...flags], {
    env: writerEnv({ mcp, model }),
  });
}

describe('checks and repair', () => {
  it('sends an unknown keyword back with the nearest known names, and writes the repaired suite', async () => {
    const run = await generate([{ content: fenced(MISSPELT) }, { content: fenced(CANCEL_ORDER_SUITE) }]);
    expect(run.stderr).toContain('asking the model to repair it (attempt 1)');
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    const repair = (model.requests[1] as ChatRequest).messages.at(-1);
    expect(repair?.role).toBe('user');
    expect(String(repair?.content)).toContain("- line 17: unknown keyword 'Cancel The Order' (nearest known names: 'Cancel Order'");
    // The resources were read through the MCP tools, at the configured project and ref.
    expect(mcp.calls.filter((call) => call.arguments.file_path === 'resources/orders.resource')[0]?.arguments).toMatchObject({
      ref: 'qa-fixtures',
      project_id: '42',
    });
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(CANCEL_ORDER_SUITE);
  });

  it('exits 1, writes nothing and lists the problems when the model never repairs', async () => {
    const run = await generate([{ content: fenced(MISSPELT) }, { content: fenced(MISSPELT) }, { content: fenced(UNCLOSED) }], ['--json']);
    expect(run.code).toBe(1);
    expect(await readdir(out)).toEqual([]);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ status: 'failed', rounds: 3, error: 'the suite still fails the Robot Framework checks (1 problem)' });
    expect(summary.problems).toEqual([{ line: 15, message: expect.stringMatching(/FOR.*END|END/) }]);
    expect(run.stderr).toMatch(/writer: the suite still fails the Robot Framework checks \(1 problem\)\n\s+line 15: /);
  });

  it('honours --repair-rounds 0', async () => {
    const run = await generate([{ content: fenced(MISSPELT) }, { content: fenced(CANCEL_ORDER_SUITE) }], ['--repair-rounds', '0']);
    expect(run.code).toBe(1);
    expect(model.requests).toHaveLength(1);
    expect(run.stderr).toContain("line 17: unknown keyword 'Cancel The Order'");
  });

  it.runIf(robotInstalled)("reports Robot Framework's own parser errors with --validate robot", async () => {
    const broken = CANCEL_ORDER_SUITE.replace('*** Variables ***', '*** Varables ***');
    const run = await generate([{ content: fenced(broken) }, { content: fenced(CANCEL_ORDER_SUITE) }], ['--validate', 'robot']);
    expect(run.code).toBe(0);
    const repair = String((model.requests[1] as ChatRequest).messages.at(-1)?.content);
    expect(repair).toMatch(/line 8: .*Varables/);
  });

  it('exits 2 before any model request when --validate robot cannot find Robot Framework', async () => {
    model = await startFakeOpenAI({ turns: [] });
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--validate', 'robot'], {
      env: writerEnv({ mcp, model }, { WRITER_PYTHON: 'python-that-does-not-exist' }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Robot Framework is not installed');
    expect(model.requests).toHaveLength(0);
  });
});

describe('writer lint', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'writer-lint-'));
    await mkdir(path.join(dir, 'resources'));
    await writeFile(path.join(dir, 'resources/common.resource'), '*** Keywords ***\nOpen Session\n    Log    open\n');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('exits 0 on the example repository', async () => {
    const run = await runCli([
      'lint',
      'examples/robot-repo/tests/login/login_valid.robot',
      'examples/robot-repo/tests/orders/create_order.robot',
    ]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('finds each kind of error a person writes by hand, as file:line: message, exit 1', async () => {
    const suite = [
      'Stray words before any section',
      '*** Settings ***',
      'Resource    resources/common.resource',
      '',
      '*** Test Cases ***',
      'Opens A Session',
      '    [Tgas]    smoke',
      '    Open Sesion',
      '    FOR    ${i}    IN RANGE    3',
      '        Log    ${i}',
      'Has No Body',
      '    [Documentation]    nothing else',
      '',
    ].join('\n');
    const file = path.join(dir, 'hand.robot');
    await writeFile(file, suite);
    const other = path.join(dir, 'other.robot');
    await writeFile(other, '*** Settings ***\nResource    ./resources/missing.resource\n\n*** Test Cases ***\nT\n    Log    x\n');
    const run = await runCli(['lint', '--validate', 'builtin', file, other]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:1: note: text before the first section header is ignored`)),
        expect.stringMatching(new RegExp(`^${other}:2: resource file not found: '\\./resources/missing.resource'`)),
        expect.stringMatching(new RegExp(`^${file}:7: .*\\[Tgas\\]`)),
        expect.stringMatching(new RegExp(`^${file}:8: unknown keyword 'Open Sesion'.*Open Session`)),
        expect.stringMatching(new RegExp(`^${file}:9: .*FOR.*END`)),
        expect.stringMatching(new RegExp(`^${file}:11: test 'Has No Body' has no steps`)),
      ]),
    );
  });

  it('exits 2 when a file cannot be read', async () => {
    const run = await runCli(['lint', path.join(dir, 'nope.robot')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('nope.robot: cannot read');
  });
});
