// Issue 11's promise, end to end with the real CLI: on a repository whose resources import
// third-party libraries, a misspelt keyword, a wrong argument count and an undefined
// variable each go back to the model with their line and are never written; `writer lint`
// reports each; a valid suite stays clean. With Python (the libraries of
// requirements-test.txt installed, libdoc, RobotCode's analyzer) and without it.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PythonHelper } from '../../src/python/python-helper.js';
import { type ChatRequest, type FakeOpenAI, type ScriptedTurn, startFakeOpenAI } from '../fixtures/openai-server.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { fenced } from '../helpers/suites.js';

const probe = new PythonHelper();
const capabilities = await probe.capabilities();
await probe.close();
const API_KEY = 'sk-test-key-1111';
const TARGET = 'tests/reports/daily_report.robot';

/** Resources as a team keeps them: each brings a third-party library the suites use directly. */
const RESOURCES: Record<string, string> = {
  'resources/reports.resource': `*** Settings ***
Documentation     Reporting database.
Library           DatabaseLibrary

*** Keywords ***
Run Report Query
    [Arguments]    \${query}
    Log    \${query}
`,
  'resources/web.resource': `*** Settings ***
Documentation     The shop's web front and its API.
Library           SeleniumLibrary    timeout=5s
Library           RequestsLibrary
Library           Browser    AS    pw

*** Variables ***
\${SHOP_URL}       https://shop.example
`,
};

const VALID = `*** Settings ***
Documentation     Daily reports.
Resource          ../../resources/reports.resource
Resource          ../../resources/web.resource

*** Test Cases ***
The Daily Report Lists Orders
    [Documentation]    The daily report query runs against the orders.
    [Tags]    REPORT-001    reports
    Connect To Database    sqlite3    database=reports.db
    Run Report Query    SELECT * FROM orders
    Execute Sql String    DELETE FROM staging    no_transaction=True
    \${response}=    GET    \${SHOP_URL}/reports    expected_status=200
    Open Browser    \${SHOP_URL}    chrome
    pw.New Page    \${SHOP_URL}
    Log    \${response.status_code}
`;

/** The three mistakes, on lines 11, 12 and 16. */
const BROKEN = VALID.replace('    Run Report Query    SELECT', '    Run Reprot Query    SELECT')
  .replace('no_transaction=True', 'True    db    ${None}    False    extra')
  .replace('Log    ${response.status_code}', 'Log    ${REPORT_DATE}');
const EXPECTED = [
  { line: 11, message: "unknown keyword 'Run Reprot Query'", suggestions: ['Run Report Query'] },
  { line: 12, message: "'Execute Sql String' takes 1 to 5 non-named arguments, got 6" },
  { line: 16, message: "undefined variable '${REPORT_DATE}'" },
];
const REPAIR_LINES = [
  "- line 11: unknown keyword 'Run Reprot Query' (nearest known names: 'Run Report Query')",
  "- line 12: 'Execute Sql String' takes 1 to 5 non-named arguments, got 6",
  "- line 16: undefined variable '${REPORT_DATE}'",
].join('\n');

/** builtin: the shipped data alone; auto: libdoc of the installed libraries and RobotCode's analyzer besides. */
const MODES = [
  { validate: 'builtin', runs: true },
  { validate: 'auto', runs: capabilities?.robotcode != null },
] as const;

let temp: string;
let repo: string;
let spec: string;
let out: string;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'writer-third-party-'));
  repo = path.join(temp, 'repo');
  await cp(path.join(ROOT, 'examples/robot-repo'), repo, { recursive: true });
  for (const [file, text] of Object.entries(RESOURCES)) await writeFile(path.join(repo, file), text);
  spec = path.join(temp, 'report.json');
  await writeFile(
    spec,
    JSON.stringify({
      id: 'REPORT-001',
      title: 'The daily report lists orders',
      steps: ['Connect to the reporting database', 'Run the daily report query', 'Open the report in the shop'],
      expected: ['The report lists the orders'],
      rf: { target_path: TARGET },
    }),
  );
  out = path.join(temp, 'out');
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await rm(temp, { recursive: true, force: true });
});

async function generate(turns: ScriptedTurn[], extra: string[]) {
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return runCli(['generate', '--spec', spec, '--repo', repo, '--out', out, ...extra], {
    env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL_WRITER: 'gpt-test' },
    timeoutMs: 150_000,
  });
}

function lastMessage(index: number): string {
  return String((model!.requests[index] as ChatRequest).messages.at(-1)?.content);
}

describe.each(MODES)('a repository whose resources import third-party libraries (--validate $validate)', ({ validate, runs }) => {
  it.runIf(runs)(
    'sends the misspelt keyword, the wrong argument count and the undefined variable back with their lines, and writes only the repair',
    async () => {
      const run = await generate([{ content: fenced(BROKEN) }, { content: fenced(VALID) }], ['--validate', validate]);
      expect(run.stderr).not.toContain('Traceback');
      expect(run.code).toBe(0);
      expect(model!.requests).toHaveLength(2);
      expect(lastMessage(1)).toContain(`\n\n${REPAIR_LINES}\n\n`);
      expect(await readFile(path.join(out, TARGET), 'utf8')).toBe(VALID);
    },
    180_000,
  );

  it.runIf(runs)(
    'never writes a suite that keeps them',
    async () => {
      const run = await generate(
        [{ content: fenced(BROKEN) }, { content: fenced(BROKEN) }],
        ['--validate', validate, '--repair-rounds', '1', '--json'],
      );
      expect(run.code).toBe(1);
      const summary = JSON.parse(run.stdout) as {
        status: string;
        output: string | null;
        problems: Array<{ line: number; message: string }>;
      };
      expect(summary.status).toBe('failed');
      expect(summary.output).toBeNull();
      expect(summary.problems.map(({ line }) => line)).toEqual([11, 12, 16]);
      await expect(readFile(path.join(out, TARGET), 'utf8')).rejects.toThrow();
    },
    180_000,
  );

  it.runIf(runs)(
    'writer lint reports each with its line, and the valid suite is clean',
    async () => {
      await mkdir(path.join(repo, 'tests/reports'), { recursive: true });
      await writeFile(path.join(repo, 'tests/reports/broken.robot'), BROKEN);
      await writeFile(path.join(repo, 'tests/reports/valid.robot'), VALID);
      const run = await runCli(['lint', '--validate', validate, '--json', 'tests/reports/broken.robot', 'tests/reports/valid.robot'], {
        cwd: repo,
        timeoutMs: 150_000,
      });
      const report = JSON.parse(run.stdout) as { files: Array<{ file: string; errors: unknown[]; notes: Array<{ message: string }> }> };
      expect(report.files.map(({ file, errors }) => [file, errors])).toEqual([
        ['tests/reports/broken.robot', EXPECTED],
        ['tests/reports/valid.robot', []],
      ]);
      // Every call of the valid suite was checked: no library was left unknown.
      expect(report.files[1]!.notes.filter(({ message }) => message.startsWith('keywords not found'))).toEqual([]);
      expect(run.code).toBe(1);
    },
    180_000,
  );
});
