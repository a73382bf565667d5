// Suites judged the way Robot Framework will run them, end to end: a repository whose
// resource imports a third-party library still gets misspelt keywords, wrong argument
// counts and undefined variables sent back to the model, and `writer lint` reports each.

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');

/** A shared resource of the team that imports DatabaseLibrary, which writer cannot read. */
const REPORTS_RESOURCE = `*** Settings ***
Library           DatabaseLibrary

*** Keywords ***
Run Report Query
    [Arguments]    \${name}
    Log    running \${name}
`;

const WITH_REPORT = CANCEL_ORDER_SUITE.replace(
  'Resource          ../../resources/orders.resource\n',
  'Resource          ../../resources/orders.resource\nResource          ../../resources/reports.resource\n',
).concat('    Run Report Query    cancelled orders\n');
const MISTAKEN = WITH_REPORT.replace(
  '    Run Report Query    cancelled orders\n',
  '    Run Report Query    cancelled orders    ${ORDER_DATE}\n',
);

let mcp: TestMcpServer;
let model: FakeOpenAI;
let out: string;

beforeEach(async () => {
  mcp = await startTestMcpServer({ extraFiles: { 'resources/reports.resource': REPORTS_RESOURCE } });
  out = await mkdtemp(path.join(tmpdir(), 'writer-namespace-'));
});

afterEach(async () => {
  await model?.close();
  await mcp.close();
  await rm(out, { recursive: true, force: true });
});

describe('generation in a repository that imports a third-party library', () => {
  it('sends a wrong argument count and an undefined variable back with their lines, and writes the repair', async () => {
    model = await startFakeOpenAI({ turns: [{ content: fenced(MISTAKEN) }, { content: fenced(WITH_REPORT) }] });
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin'], { env: writerEnv({ mcp, model }) });
    expect(run.stderr).toContain('asking the model to repair it (attempt 1)');
    expect(run.code).toBe(0);
    const repair = String((model.requests[1] as ChatRequest).messages.at(-1)?.content);
    const line = MISTAKEN.split('\n').findIndex((text) => text.includes('${ORDER_DATE}')) + 1;
    expect(repair).toContain(`- line ${line}: 'Run Report Query' takes 1 argument, got 2`);
    expect(repair).toContain(`- line ${line}: undefined variable '\${ORDER_DATE}'`);
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(WITH_REPORT);
  });

  it('never writes a suite whose errors stay, and takes --variable as given on the command line', async () => {
    model = await startFakeOpenAI({ turns: [{ content: fenced(MISTAKEN) }] });
    const failed = await runCli(['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin', '--repair-rounds', '0'], {
      env: writerEnv({ mcp, model }),
    });
    expect(failed.code).toBe(1);
    expect(await readdir(out)).toEqual([]);
    await model.close();
    const onlyCount = MISTAKEN.replace('    Run Report Query    cancelled orders    ${ORDER_DATE}\n', '    Log    ${ORDER_DATE}\n');
    model = await startFakeOpenAI({ turns: [{ content: fenced(onlyCount) }] });
    const given = await runCli(
      ['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin', '--repair-rounds', '0', '--variable', 'ORDER_DATE'],
      {
        env: writerEnv({ mcp, model }),
      },
    );
    expect(given.code).toBe(0);
  });

  it("takes variables the repository's own suites read without defining as given on the command line", async () => {
    await mcp.close();
    const other = '*** Test Cases ***\nSmoke\n    Log    ${ENVIRONMENT}\n';
    mcp = await startTestMcpServer({ extraFiles: { 'resources/reports.resource': REPORTS_RESOURCE, 'tests/smoke.robot': other } });
    const usesIt = WITH_REPORT.replace('    Run Report Query    cancelled orders\n', '    Run Report Query    ${ENVIRONMENT}\n');
    model = await startFakeOpenAI({
      turns: [
        { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'tests/smoke.robot' } }] },
        { content: fenced(usesIt.replace('${ENVIRONMENT}', '${ENVIRONEMNT}')) },
        { content: fenced(usesIt) },
      ],
    });
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin'], { env: writerEnv({ mcp, model }) });
    expect(run.code).toBe(0);
    const repair = String((model.requests[2] as ChatRequest).messages.at(-1)?.content);
    expect(repair).toContain("undefined variable '${ENVIRONEMNT}' (nearest known names: '${environment}')");
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(usesIt);
  });

  it("reads the team's robot.toml through the tools and tells the model the repository's language", async () => {
    await mcp.close();
    const french = `Language: French\n\n*** Paramètres ***\nRessource    ../../resources/common.resource\n\n*** Cas de test ***\nUne commande\n    Login As \${DEFAULT_USER}\n    Log    \${SHOP}\n`;
    mcp = await startTestMcpServer({ extraFiles: { 'robot.toml': 'languages = ["fr"]\n[variables]\nSHOP = "local"\n' } });
    model = await startFakeOpenAI({ turns: [{ content: fenced(french) }] });
    const run = await runCli(['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin', '--repair-rounds', '0'], {
      env: writerEnv({ mcp, model }),
    });
    expect(run.stderr).not.toContain('line ');
    expect(run.code).toBe(0);
    // Robot's settings; Robocop's configuration too when Robocop is installed, which --validate builtin never asks.
    expect(mcp.settingsReads.map((call) => call.arguments.file_path).sort()).toEqual(['.robot.toml', 'pyproject.toml', 'robot.toml']);
    const user = String((model.requests[0] as ChatRequest).messages[1]?.content);
    expect(user).toContain('writes its Robot Framework files in French (fr)');
  });
});

describe('writer lint on a repository', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'writer-lint-ns-'));
    await mkdir(path.join(dir, 'resources'));
    await mkdir(path.join(dir, 'tests'));
    await writeFile(path.join(dir, 'resources/reports.resource'), REPORTS_RESOURCE);
    await writeFile(path.join(dir, 'robot.toml'), '[variables]\nENVIRONMENT = "staging"\n');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const mistakes = [
    '*** Settings ***',
    'Resource    ../resources/reports.resource',
    '',
    '*** Test Cases ***',
    'Report',
    '    Run Reprot Query    monthly',
    '    Run Report Query    monthly    yearly',
    '    Log    ${REPORT_DAY} in ${ENVIRONMENT}',
    '    Connect To Database    sqlite3',
    '',
  ].join('\n');

  it('reports a misspelt keyword, a wrong argument count and an undefined variable, each with its line, exit 1', async () => {
    await writeFile(path.join(dir, 'tests/report.robot'), mistakes);
    const run = await runCli(['lint', '--validate', 'builtin', dir]);
    expect(run.code).toBe(1);
    const file = path.join(dir, 'tests/report.robot');
    // DatabaseLibrary's keywords are known from the data writer ships: every call was checked.
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:6: unknown keyword 'Run Reprot Query' (did you mean 'Run Report Query'?)`,
      `${file}:7: 'Run Report Query' takes 1 argument, got 2`,
      `${file}:8: undefined variable '\${REPORT_DAY}'`,
    ]);
    expect(run.stderr).toContain('2 file(s) checked: 3 error(s)');
  });

  it('takes --variable and carries every finding in --json', async () => {
    await writeFile(path.join(dir, 'tests/report.robot'), mistakes);
    const run = await runCli([
      'lint',
      '--validate',
      'builtin',
      '--json',
      '--variable',
      'REPORT_DAY:monday',
      path.join(dir, 'tests/report.robot'),
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { files: Array<{ errors: Array<{ line: number; message: string }> }> };
    expect(report.files[0]!.errors.map((problem) => [problem.line, problem.message])).toEqual([
      [6, "unknown keyword 'Run Reprot Query'"],
      [7, "'Run Report Query' takes 1 argument, got 2"],
    ]);
  });

  it('reads the variable and language settings of writer.config.json', async () => {
    await writeFile(
      path.join(dir, 'tests/report.robot'),
      mistakes.replace('Run Reprot Query', 'Run Report Query').replace('monthly    yearly', 'yearly'),
    );
    await writeFile(path.join(dir, 'writer.config.json'), JSON.stringify({ variable: ['REPORT_DAY'], language: ['fr'] }));
    const run = await runCli(['lint', '--validate', 'builtin', 'tests'], { cwd: dir });
    expect(run.stdout).not.toContain('error');
    expect(run.code).toBe(0);
  });

  it('exits 2 on an unknown --language', async () => {
    const run = await runCli(['lint', '--language', 'Klingon', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown --language 'Klingon'");
  });
});
