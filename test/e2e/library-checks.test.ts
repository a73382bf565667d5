// The checks as Robot Framework will run the suite, end to end: the real CLI with a local
// checkout (--repo), the scripted model, and the field's tools where they are installed.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PythonHelper } from '../../src/python/python-helper.js';
import { type ChatRequest, type FakeOpenAI, type ScriptedTurn, startFakeOpenAI } from '../fixtures/openai-server.js';
import { ROOT, type RunOptions, runCli } from '../helpers/run-cli.js';
import { processGone, stubPython } from '../helpers/stub-python.js';
import { DB_RESOURCE, fenced } from '../helpers/suites.js';

const probe = new PythonHelper();
const capabilities = await probe.capabilities();
await probe.close();
const API_KEY = 'sk-test-key-1111';

/** A report suite as the team would write it. */
const REPORT_SUITE = `*** Settings ***
Documentation     Daily reports.
Resource          ../../resources/db.resource

*** Test Cases ***
The Daily Report Lists Orders
    [Documentation]    The daily report query runs.
    [Tags]    REPORT-001    reports
    Connect To Database    pymysql
    Run Report Query    SELECT * FROM orders
`;

const MISSPELT = REPORT_SUITE.replace('Connect To Database', 'Connect To Databse');
const WRONG_COUNT = REPORT_SUITE.replace('SELECT * FROM orders', 'SELECT * FROM orders    today');

let temp: string;
let repo: string;
let spec: string;
let out: string;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'writer-libraries-'));
  repo = path.join(temp, 'repo');
  await cp(path.join(ROOT, 'examples/robot-repo'), repo, { recursive: true });
  await writeFile(path.join(repo, 'resources/db.resource'), DB_RESOURCE);
  spec = path.join(temp, 'report.json');
  await writeFile(
    spec,
    JSON.stringify({
      id: 'REPORT-001',
      title: 'The daily report lists orders',
      steps: ['Connect to the reporting database', 'Run the daily report query'],
      expected: ['The query runs'],
      rf: { target_path: 'tests/reports/daily_report.robot' },
    }),
  );
  out = path.join(temp, 'out');
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await rm(temp, { recursive: true, force: true });
});

async function generate(turns: ScriptedTurn[], extra: string[] = [], env: Record<string, string> = {}, onSpawn?: RunOptions['onSpawn']) {
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return runCli(['generate', '--spec', spec, '--repo', repo, '--out', out, ...extra], {
    env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL_WRITER: 'gpt-test', ...env },
    timeoutMs: 120_000,
    onSpawn,
  });
}

function repairRequest(index: number): string {
  return String((model!.requests[index] as ChatRequest).messages.at(-1)?.content);
}

describe('a resource that imports a third-party library', () => {
  it.runIf(capabilities?.robotcode != null)(
    "sends a misspelt library keyword and a wrong argument count back with their lines, then writes the repair (RobotCode's analyzer)",
    async () => {
      const run = await generate([
        { content: fenced(WRONG_COUNT.replace('Connect To Database', 'Connect To Databse')) },
        { content: fenced(REPORT_SUITE) },
      ]);
      expect(run.stderr).not.toContain('Traceback');
      expect(run.code).toBe(0);
      const repair = repairRequest(1);
      expect(repair).toContain(
        "- line 9: unknown keyword 'Connect To Databse' (nearest known names: 'Connect To Database', 'Disconnect From Database')",
      );
      // The analyzer finds the count too; it is reported once.
      expect(repair).toContain("- line 10: 'Run Report Query' takes 1 argument, got 2\n");
      expect(repair).not.toContain('RobotCode');
      expect(await readFile(path.join(out, 'tests/reports/daily_report.robot'), 'utf8')).toBe(REPORT_SUITE);
    },
    150_000,
  );

  it('knows the library from the data writer ships when Python is missing, and sends the misspelt call back', async () => {
    const run = await generate([{ content: fenced(MISSPELT) }, { content: fenced(REPORT_SUITE) }], [], {
      WRITER_PYTHON: 'writer-no-such-python',
    });
    expect(run.code).toBe(0);
    expect(repairRequest(1)).toContain("- line 9: unknown keyword 'Connect To Databse' (nearest known names: 'Connect To Database'");
    expect(await readFile(path.join(out, 'tests/reports/daily_report.robot'), 'utf8')).toBe(REPORT_SUITE);
  });

  it('is refused with exit 2 before any model request when --validate robotcode finds no analyzer', async () => {
    const stub = stubPython('hang');
    try {
      const run = await generate([], ['--validate', 'robotcode'], { WRITER_PYTHON: stub.python });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "RobotCode's analyzer is not installed for python3 (pip install robotcode-analyze), required by --validate robotcode",
      );
      expect(model!.requests).toHaveLength(0);
      expect(stub.starts()).toHaveLength(1);
      expect(processGone(stub.starts()[0]!)).toBe(true);
    } finally {
      stub.remove();
    }
  });

  it.skipIf(process.platform === 'win32')('stops the Python helper on Ctrl-C while a check waits for it', async () => {
    const stub = stubPython('hang');
    try {
      const run = await generate([{ content: fenced(REPORT_SUITE) }], [], { WRITER_PYTHON: stub.python }, (child) => {
        const waitForQuestion = setInterval(() => {
          if (model!.requests.length === 1 && stub.starts().length === 1) {
            clearInterval(waitForQuestion);
            setTimeout(() => child.kill('SIGINT'), 300);
          }
        }, 50);
      });
      expect(run.code).toBe(130);
      expect(stub.starts()).toHaveLength(1);
      expect(processGone(stub.starts()[0]!)).toBe(true);
      await expect(readFile(path.join(out, 'tests/reports/daily_report.robot'), 'utf8')).rejects.toThrow();
    } finally {
      stub.remove();
    }
  });
});

describe.runIf(capabilities?.robocop != null)("the team's Robocop rules", () => {
  it('send an error of a configured rule back to the model, and the repaired suite is written', async () => {
    await writeFile(
      path.join(repo, 'robocop.toml'),
      [
        '[tool.robocop.lint]',
        'select = ["not-allowed-keyword"]',
        'configure = ["not-allowed-keyword.keywords=Sleep", "not-allowed-keyword.severity=E"]',
        '',
      ].join('\n'),
    );
    const waiting = REPORT_SUITE.replace('    Run Report Query', '    Sleep    5s\n    Run Report Query');
    const run = await generate([{ content: fenced(waiting) }, { content: fenced(REPORT_SUITE) }], ['--validate', 'robot']);
    expect(run.code).toBe(0);
    expect(repairRequest(1)).toContain("- line 10: Robocop KW02 (not-allowed-keyword): Keyword 'Sleep' is not allowed");
    expect(await readFile(path.join(out, 'tests/reports/daily_report.robot'), 'utf8')).toBe(REPORT_SUITE);
  }, 150_000);
});

describe('writer lint over a repository with its own Python library', () => {
  const LIBRARY = [
    'from robot.api.deco import keyword',
    '',
    'def create_order(item, quantity=1):',
    '    """Creates an order."""',
    '',
    '@keyword("Cancel Order ${order_id}")',
    'def cancel(order_id):',
    '    pass',
    '',
  ].join('\n');
  const suite = (...steps: string[]): string =>
    [
      '*** Settings ***',
      'Library    ../libs/orders_lib.py',
      '',
      '*** Test Cases ***',
      'Orders',
      ...steps.map((step) => `    ${step}`),
      '',
    ].join('\n');

  beforeEach(async () => {
    await mkdir(path.join(repo, 'libs'), { recursive: true });
    await writeFile(path.join(repo, 'libs/orders_lib.py'), LIBRARY);
  });

  it('knows its keywords without Python: a valid suite is clean, a misspelt call is an error with the nearest name', async () => {
    await writeFile(path.join(repo, 'tests/good.robot'), suite('Create Order    monitor    2', 'Cancel Order 42'));
    await writeFile(path.join(repo, 'tests/bad.robot'), suite('Creat Order    monitor'));
    const run = await runCli(['lint', '--validate', 'builtin', 'tests/good.robot', 'tests/bad.robot'], { cwd: repo });
    expect(run.stdout).toBe("tests/bad.robot:6: unknown keyword 'Creat Order' (did you mean 'Create Order'?)\n");
    expect(run.code).toBe(1);
  });

  it.runIf(capabilities?.robotcode != null)(
    'reports a wrong argument count once though the analyzer finds it too, in place and leaving nothing in the repository',
    async () => {
      await writeFile(path.join(repo, 'tests/count.robot'), suite('Create Order    monitor    2    extra'));
      const run = await runCli(['lint', '--json', 'tests/count.robot'], { cwd: repo, timeoutMs: 120_000 });
      const report = JSON.parse(run.stdout) as { files: Array<{ errors: Array<{ line: number; message: string }> }> };
      expect(report.files[0]?.errors).toEqual([{ line: 6, message: "'Create Order' takes 1 to 2 arguments, got 3" }]);
      expect(run.code).toBe(1);
      const { readdir } = await import('node:fs/promises');
      expect((await readdir(repo)).sort()).toEqual(['doc', 'libs', 'resources', 'tests']);
      expect(await readdir(path.join(repo, 'libs'))).toEqual(['orders_lib.py']);
    },
    150_000,
  );
});
