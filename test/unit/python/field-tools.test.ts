import { afterAll, describe, expect, it } from 'vitest';

import { PythonHelper } from '../../../src/python/python-helper.js';
import { findRobocopConfig, robocopArguments, robocopCheck, robocopFindings } from '../../../src/python/robocop-check.js';
import { type RobotCodeDiagnostic, robotCodeCheck, robotCodeFindings } from '../../../src/python/robotcode-check.js';
import { MirroredPlacement } from '../../../src/python/suite-placement.js';
import { type CheckOptions, checkSuite } from '../../../src/robot/check-suite.js';
import { installedLibraries } from '../../../src/robot/installed-library-resolver.js';
import { chainLibraryResolvers } from '../../../src/robot/library-resolver.js';
import { shippedLibraries } from '../../../src/robot/shipped-library-resolver.js';
import { repositoryLibraries } from '../../../src/robot/source-library-resolver.js';
import { standardLibraries } from '../../../src/robot/standard-library-resolver.js';

const python = new PythonHelper();
const capabilities = await python.capabilities();
const placement = new MirroredPlacement();
afterAll(async () => {
  placement.close();
  await python.close();
});

function diagnostic(line: number, message: string, code: string, severity = 1): RobotCodeDiagnostic {
  return { range: { start: { line: line - 1 } }, message, code, severity };
}

function repository(files: Record<string, string>): CheckOptions['readFile'] {
  return async (file) => files[file];
}

describe("RobotCode's diagnostics as findings", () => {
  it('keeps errors with their lines and prefix, makes warnings notes and drops hints', () => {
    const findings = robotCodeFindings({
      suite: [
        diagnostic(7, "Keyword 'db.Run Report Query' expected 1 argument, got 2.", 'DataError'),
        diagnostic(8, "No keyword with name 'Frobnicate' found.", 'KeywordNotFound'),
        diagnostic(9, "Keyword 'Run Keyword Unless' is deprecated.", 'DeprecatedKeyword', 2),
        diagnostic(10, 'Consider a shorter name.', 'Hint', 4),
      ],
      resources: [],
    });
    expect(findings.map(({ severity, line, message }) => [severity, line, message])).toEqual([
      ['error', 7, "RobotCode: Keyword 'db.Run Report Query' expected 1 argument, got 2."],
      ['error', 8, "RobotCode: No keyword with name 'Frobnicate' found."],
      ['note', 9, "RobotCode: Keyword 'Run Keyword Unless' is deprecated."],
    ]);
  });

  it("turns the unknown calls that may come from a library it cannot import into notes, at the suite's import line", () => {
    const findings = robotCodeFindings({
      suite: [
        diagnostic(8, "No keyword with name 'Run Reprot Query' found.", 'KeywordNotFound'),
        diagnostic(9, "No keyword with name 'Collections.Apend To List' found.", 'KeywordNotFound'),
        diagnostic(10, "Variable '${BASE_URL}' not found.", 'VariableNotFound'),
      ],
      resources: [
        {
          via: 3,
          diagnostics: [diagnostic(2, "Importing test library 'CompanyLibrary' failed: ModuleNotFoundError\nTraceback", 'DataError')],
        },
      ],
    });
    expect(findings.map(({ severity, line, message }) => [severity, line, message])).toEqual([
      ['note', 3, "RobotCode: library 'CompanyLibrary' cannot be imported here; calls that may come from it were not checked"],
      ['note', 8, "RobotCode: No keyword with name 'Run Reprot Query' found."],
      ['error', 9, "RobotCode: No keyword with name 'Collections.Apend To List' found."],
      ['note', 10, "RobotCode: Variable '${BASE_URL}' not found."],
    ]);
  });
});

describe("the team's Robocop configuration", () => {
  it('is the nearest one, as Robocop finds it; pyproject.toml and robot.toml only with a [tool.robocop] section', async () => {
    const files = {
      'pyproject.toml': '[tool.robocop.lint]\nselect = ["DOC02"]\n',
      'tests/robot.toml': '[tool.robot]\noutputdir = "out"\n',
      'tests/orders/robocop.toml': '[tool.robocop.lint]\nignore = ["DOC02"]\n',
    };
    expect((await findRobocopConfig('tests/orders/cancel.robot', repository(files)))?.path).toBe('tests/orders/robocop.toml');
    expect((await findRobocopConfig('tests/login/login.robot', repository(files)))?.path).toBe('pyproject.toml');
    expect(await findRobocopConfig('tests/login/login.robot', repository({ 'pyproject.toml': '[tool.black]\n' }))).toBeUndefined();
    const old = await findRobocopConfig('tests/x.robot', repository({ '.robocop': '--include W0504\n# comment\n--exclude   0201\n' }));
    expect(old?.format).toBe('arguments');
    expect(robocopArguments(old!.text)).toEqual(['--select', 'W0504', '--ignore', '0201']);
  });

  it('gives errors for E, notes for W, and leaves information and syntax errors to others', () => {
    const issue = (severity: string, rule_id: string, line: number) => ({
      source: 's',
      line,
      severity,
      rule_id,
      rule_name: 'rule',
      description: 'said',
    });
    expect(
      robocopFindings([issue('E', 'KW02', 3), issue('W', 'DOC02', 2), issue('I', 'MISC01', 4), issue('E', 'ERR01', 5)]).map(
        ({ severity, line, message }) => [severity, line, message],
      ),
    ).toEqual([
      ['error', 3, 'Robocop KW02 (rule): said'],
      ['note', 2, 'Robocop DOC02 (rule): said'],
    ]);
  });
});

const DB_RESOURCE = [
  '*** Settings ***',
  'Library    DatabaseLibrary',
  '',
  '*** Keywords ***',
  'Run Report Query',
  '    [Arguments]    ${query}',
  '    Log    ${query}',
  '',
].join('\n');

const SUITE = [
  '*** Settings ***',
  'Resource    ../resources/db.resource',
  'Library     ../libs/orders.py',
  '',
  '*** Test Cases ***',
  'Report',
  '    Connect To Databse    pymysql',
  '    Run Report Query    SELECT 1    extra',
  '    Create Order    monitor',
  '    Cancel Order    1    2',
  '',
].join('\n');

const FILES = {
  'resources/db.resource': DB_RESOURCE,
  'libs/orders.py': 'def create_order(item):\n    pass\n\ndef cancel_order(order_id):\n    pass\n',
};

describe.runIf(capabilities?.robotcode != null)("RobotCode's analyzer on a mirrored generation", () => {
  it('finds misspelt library keywords and wrong argument counts that the built-in checks cannot know, with their lines', async () => {
    // The standard libraries only: DatabaseLibrary and orders.py are the analyzer's to know.
    const result = await checkSuite(SUITE, {
      suitePath: 'tests/report.robot',
      readFile: repository(FILES),
      validate: 'robotcode',
      python,
      externalChecks: [robotCodeCheck(python, placement)],
    });
    // Line 8 is counted by both: reported once, as ours.
    expect(result.errors.map(({ line, message }) => [line, message])).toEqual([
      [7, "RobotCode: No keyword with name 'Connect To Databse' found."],
      [8, "'Run Report Query' takes 1 argument, got 2"],
      [10, "RobotCode: Keyword 'orders.Cancel Order' expected 1 argument, got 2."],
    ]);
  }, 120_000);

  it('says nothing twice when the built-in checks know the libraries too', async () => {
    const readFile = repository(FILES);
    const result = await checkSuite(`${SUITE}    Log    \${UNDEFINED}\n`, {
      suitePath: 'tests/report.robot',
      readFile,
      validate: 'robotcode',
      python,
      libraries: chainLibraryResolvers([
        standardLibraries,
        installedLibraries(python),
        shippedLibraries,
        repositoryLibraries(readFile, python),
      ]),
      externalChecks: [robotCodeCheck(python, placement)],
    });
    expect(result).toEqual({
      errors: [
        { line: 7, message: "unknown keyword 'Connect To Databse'", suggestions: ['Connect To Database', 'Disconnect From Database'] },
        { line: 8, message: "'Run Report Query' takes 1 argument, got 2" },
        { line: 10, message: "'Cancel Order' takes 1 argument, got 2" },
        { line: 11, message: "undefined variable '${UNDEFINED}'" },
      ],
      notes: [],
    });
  }, 120_000);

  it("judges with the team's languages, search path and variables, as the built-in checks do", async () => {
    const french = [
      '*** Paramètres ***',
      'Bibliothèque    orders',
      '',
      '*** Cas de test ***',
      'Commande',
      '    Create Order    monitor',
      '    Log    ${SHOP}',
      '',
    ].join('\n');
    const readFile = repository(FILES);
    const result = await checkSuite(french, {
      suitePath: 'tests/french.robot',
      readFile,
      validate: 'robotcode',
      python,
      // orders.py is a module on the search path for both: read from source by ours, imported by the analyzer.
      libraries: chainLibraryResolvers([standardLibraries, repositoryLibraries(readFile, python)]),
      project: { languages: ['fr'], pythonPath: ['libs'], variables: ['SHOP:local'] },
      externalChecks: [robotCodeCheck(python, placement)],
    });
    expect(result).toEqual({ errors: [], notes: [] });
  }, 120_000);

  it('leaves calls that may come from a library it cannot import as notes', async () => {
    const files = { ...FILES, 'resources/db.resource': DB_RESOURCE.replace('DatabaseLibrary', 'CompanyDatabaseLibrary') };
    const result = await checkSuite(SUITE, {
      suitePath: 'tests/report.robot',
      readFile: repository(files),
      validate: 'robotcode',
      python,
      externalChecks: [robotCodeCheck(python, placement)],
    });
    expect(result.errors.map(({ line }) => line)).toEqual([8, 10]);
    expect(result.notes.map(({ line, message }) => [line, message])).toContainEqual([
      2,
      "RobotCode: library 'CompanyDatabaseLibrary' cannot be imported here; calls that may come from it were not checked",
    ]);
    // Its own note on the unknown call would repeat ours: one note says the call was not checked.
    expect(result.notes.map(({ message }) => message)).toContainEqual(
      expect.stringContaining("CompanyDatabaseLibrary: 'Connect To Databse'"),
    );
    expect(result.notes.filter(({ message }) => message.includes('No keyword with name'))).toEqual([]);
  }, 120_000);
});

describe('library keywords in the built-in checks, without Python', () => {
  it('knows the shipped and repository libraries, so a misspelt call is an error with the nearest names', async () => {
    const readFile = repository(FILES);
    const result = await checkSuite(SUITE, {
      suitePath: 'tests/report.robot',
      readFile,
      validate: 'builtin',
      libraries: chainLibraryResolvers([standardLibraries, shippedLibraries, repositoryLibraries(readFile)]),
    });
    expect(result).toEqual({
      errors: [
        { line: 7, message: "unknown keyword 'Connect To Databse'", suggestions: ['Connect To Database', 'Disconnect From Database'] },
        { line: 8, message: "'Run Report Query' takes 1 argument, got 2" },
        { line: 10, message: "'Cancel Order' takes 1 argument, got 2" },
      ],
      notes: [],
    });
  });
});

describe.runIf(capabilities?.robocop != null)('Robocop with the repository configuration', () => {
  const suite = ['*** Test Cases ***', 'Waits', '    Sleep    1s', '    Log    done', ''].join('\n');
  const config = [
    '[tool.robocop.lint]',
    'select = ["not-allowed-keyword", "missing-doc-test-case"]',
    'configure = ["not-allowed-keyword.keywords=Sleep", "not-allowed-keyword.severity=E"]',
    '',
  ].join('\n');

  it('sends its errors back and keeps its warnings as notes', async () => {
    const result = await checkSuite(suite, {
      suitePath: 'tests/waits.robot',
      readFile: repository({ 'robocop.toml': config }),
      validate: 'auto',
      python,
      externalChecks: [robocopCheck(python, placement, 'repository-root')],
    });
    expect(result.errors).toEqual([{ line: 3, message: "Robocop KW02 (not-allowed-keyword): Keyword 'Sleep' is not allowed" }]);
    expect(result.notes).toEqual([
      { line: 2, message: "Robocop DOC02 (missing-doc-test-case): Missing documentation in 'Waits' test case" },
    ]);
  }, 60_000);

  it('changes nothing for a repository without a configuration', async () => {
    const result = await checkSuite(suite, {
      suitePath: 'tests/waits.robot',
      readFile: repository({}),
      validate: 'auto',
      python,
      externalChecks: [robocopCheck(python, placement, 'repository-root')],
    });
    expect(result).toEqual({ errors: [], notes: [] });
  });
});
