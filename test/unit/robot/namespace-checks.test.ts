// Arguments, variables, languages, resource namespaces, robot.toml: the checks that follow
// how Robot Framework will run a suite, in process against repositories held in memory.

import { describe, expect, it } from 'vitest';

import { argumentProblem, parseArgumentSpec, userKeywordArguments } from '../../../src/robot/argument-spec.js';
import { type CheckOptions, checkSuite } from '../../../src/robot/check-suite.js';
import type { LibraryResolver } from '../../../src/robot/library-spec.js';
import { readProjectSettings } from '../../../src/robot/project-settings.js';
import { sharedPythonHelper } from '../../../src/python/python-helper.js';
import { robotParserAvailable } from '../../../src/robot/robot-parser.js';
import { variableFileNames } from '../../../src/robot/variable-files.js';

const suite = (...lines: string[]): string => `${lines.join('\n')}\n`;
const reading = (files: Record<string, string>) => async (file: string) => files[file];

async function check(text: string, files: Record<string, string> = {}, options: Partial<CheckOptions> = {}) {
  return checkSuite(text, { suitePath: 'tests/suite.robot', readFile: reading(files), validate: 'builtin', ...options });
}

describe('argument specs', () => {
  const problem = (spec: string[], args: string[]) => argumentProblem(parseArgumentSpec(spec), args);

  it("counts positional arguments against defaults and varargs, in Robot's words", () => {
    expect(problem(['name'], ['a', 'b'])).toBe('takes 1 argument, got 2');
    expect(problem(['a', 'b=', 'c='], [])).toBe('takes 1 to 3 arguments, got 0');
    expect(problem(['a', '*rest'], [])).toBe('takes at least 1 argument, got 0');
    expect(problem([], ['x'])).toBe('takes 0 arguments, got 1');
    expect(problem(['a', '*rest'], ['1', '2', '3'])).toBeUndefined();
  });

  it('takes named arguments by name, named-only ones and free ones with **kwargs', () => {
    expect(problem(['a', 'b='], ['b=1', 'a=2'])).toBeUndefined();
    expect(problem(['a', '*', 'flag'], ['x'])).toBe("missing named-only argument 'flag'");
    expect(problem(['a', '*', 'flag'], ['x', 'flag=1'])).toBeUndefined();
    expect(problem(['a', '**options'], ['x', 'colour=red'])).toBeUndefined();
    expect(problem(['a', 'b='], ['x', 'b=1', 'c=2'])).toBe("got unexpected named argument 'c'");
    expect(problem(['a', 'b='], ['x', 'b=1', 'plain'])).toBe('got positional argument after named arguments');
    expect(problem(['a', 'b='], ['x', 'a=1'])).toBe("got multiple values for argument 'a'");
    // Not a name the keyword takes: `url=...` is a positional value.
    expect(problem(['url'], ['url2=http://x?a=b'])).toBeUndefined();
    expect(problem(['a', '/', 'b'], ['a=1', 'b'])).toBeUndefined();
  });

  it("cannot count a @{list} or &{dict}, as in Robot's dry run", () => {
    expect(problem(['a'], ['@{many}'])).toBeUndefined();
    expect(problem(['a', '*', 'flag'], ['x', '&{options}'])).toBeUndefined();
  });

  it('reads [Arguments] in the compact notation', () => {
    expect(userKeywordArguments(['${a}', '${b}=x', '${c: int}=1', '@{rest}', '${named}', '&{kw}'])).toEqual([
      'a',
      'b=',
      'c=',
      '*rest',
      'named',
      '**kw',
    ]);
    expect(userKeywordArguments(['${a}', '@{}', '${flag}'])).toEqual(['a', '*', 'flag']);
  });
});

describe('library resolver', () => {
  const orders: LibraryResolver = {
    resolve: async (library) =>
      library.name === 'OrdersLibrary'
        ? {
            name: 'OrdersLibrary',
            origin: 'installed',
            keywords: [{ name: 'Place Order', args: ['item', 'quantity='] }, { name: 'Untyped' }],
          }
        : undefined,
  };

  it('asks the resolver for every import (settings and Import Library, with alias) and checks their arguments', async () => {
    const asked: string[] = [];
    const libraries: LibraryResolver = {
      resolve: async (library, signal) => (
        asked.push(`${library.name} ${library.args.join(' ')} ${library.alias ?? ''}`.trim()),
        orders.resolve(library, signal)
      ),
    };
    const text = suite(
      '*** Settings ***',
      'Library    OrdersLibrary    endpoint=local',
      '*** Test Cases ***',
      'T',
      '    Place Order    a    2    3',
      '    Import Library    OrdersLibrary    AS    Shop',
      '    Shop.Place Order    b',
      '    Untyped    whatever    goes',
      '    Plaec Order    c',
    );
    const result = await check(text, {}, { libraries });
    expect(asked).toEqual(['BuiltIn', 'OrdersLibrary endpoint=local', 'OrdersLibrary  Shop']);
    expect(result.errors).toEqual([
      { line: 5, message: "'Place Order' takes 1 to 2 arguments, got 3" },
      { line: 9, message: "unknown keyword 'Plaec Order'", suggestions: ['Place Order'] },
    ]);
  });

  it('reports near misses as errors even with an unknown library, and notes the rest', async () => {
    const text = suite(
      '*** Settings ***',
      'Library    OrdersLibrary',
      'Library    Unknown',
      '*** Test Cases ***',
      'T',
      '    Place Ordr    a',
      '    Fetch Everything',
    );
    const result = await check(text, {}, { libraries: orders });
    expect(result.errors).toEqual([{ line: 6, message: "unknown keyword 'Place Ordr'", suggestions: ['Place Order'] }]);
    expect(result.notes.map((note) => note.message)).toEqual([expect.stringContaining("they may come from Unknown: 'Fetch Everything'")]);
  });

  it('hints at a standard library only when no imported source could have the keyword', async () => {
    const call = suite('*** Test Cases ***', 'T', '    Take Screenshot');
    expect((await check(call)).errors[0]?.message).toBe(
      "unknown keyword 'Take Screenshot' (it is in the Screenshot library, which is not imported)",
    );
    const withUnknown = suite('*** Settings ***', 'Library    Browser', '*** Test Cases ***', 'T', '    Take Screenshot');
    expect((await check(withUnknown)).errors).toEqual([]);
  });
});

describe('variables', () => {
  it('knows the command line: --variable names, and robot.toml variables and variable files', async () => {
    const text = suite('*** Test Cases ***', 'T', '    Log Many    ${BROWSER}    ${HOST}    ${FROM_FILE}    ${MISSING}');
    const files = { 'vars/common.yaml': 'FROM_FILE: 1\n' };
    const result = await check(text, files, { project: { variables: ['BROWSER:chrome', 'HOST'], variableFiles: ['vars/common.yaml'] } });
    expect(result.errors).toEqual([{ line: 3, message: "undefined variable '${MISSING}'" }]);
  });

  it('turns undefined variables into one note when a variable file computes its names', async () => {
    const text = suite('*** Settings ***', 'Variables    vars.py', '*** Test Cases ***', 'T', '    Log    ${ANYTHING}');
    const result = await check(text, { 'tests/vars.py': 'def get_variables():\n    return {"ANYTHING": 1}\n' });
    expect(result.errors).toEqual([]);
    expect(result.notes.map((note) => note.message)).toEqual([expect.stringContaining("variable file 'vars.py': '${ANYTHING}'")]);
  });

  it('reads the names of Python, YAML and JSON variable files', () => {
    expect(variableFileNames('v.py', 'import os\nA = 1\nB, C = 2, 3\n_HIDDEN = 4\nLIST__ITEMS = []\ndef helper():\n    X = 1\n')).toEqual({
      names: ['A', 'B', 'C', 'ITEMS', 'helper'],
      dynamic: false,
    });
    expect(variableFileNames('v.yaml', 'A: 1\nB:\n  - x\n')?.names).toEqual(['A', 'B']);
    expect(variableFileNames('v.json', '{"A": 1}')?.names).toEqual(['A']);
    expect(variableFileNames('v.py', 'from x import *\n')?.dynamic).toBe(true);
  });
});

describe("resources in their importing suites' namespace", () => {
  const resource = suite('*** Keywords ***', 'Open Shop', '    New Page    https://shop.example', '    Log    ${SHOP_URL}');

  it('notes what a resource checked alone may get from the suites that import it', async () => {
    const result = await check(resource, {}, { suitePath: 'resources/shop.resource' });
    expect(result.errors).toEqual([]);
    expect(result.notes.map((note) => note.message)).toEqual([
      expect.stringContaining("they may come from the suites that import this resource: 'New Page'"),
      expect.stringContaining("they may come from the suites that import this resource: '${SHOP_URL}'"),
    ]);
  });

  it('checks a resource with the libraries and variables of the suites that import it', async () => {
    const importer = suite(
      '*** Settings ***',
      'Library    Collections',
      'Resource    ../resources/shop.resource',
      '*** Variables ***',
      '${SHOP_URL}    x',
    );
    const files = { 'tests/a.robot': importer, 'resources/shop.resource': resource };
    const broken = resource.replace('New Page', 'Append To Lsit');
    const result = await check(broken, files, { suitePath: 'resources/shop.resource', importers: ['tests/a.robot'] });
    expect(result.errors).toEqual([{ line: 3, message: "unknown keyword 'Append To Lsit'", suggestions: ['Append To List'] }]);
  });
});

describe('languages', () => {
  it('reads headers, settings and BDD prefixes of the languages the run names', async () => {
    const text = suite(
      '*** Einstellungen ***',
      'Bibliothek    Collections',
      '*** Testfälle ***',
      'T',
      '    Angenommen der Warenkorb ist leer',
      '*** Schlüsselwörter ***',
      'Der Warenkorb ist leer',
      '    [Argumente]    ${inhalt}=leer',
      '    ${liste}=    Create List',
      '    Should Be Empty    ${liste}',
    );
    expect(await check(text, {}, { project: { languages: ['de'] } })).toEqual({ errors: [], notes: [] });
    // Without the language, the headers are unknown.
    expect((await check(text)).errors[0]).toMatchObject({ line: 1, message: "unknown section header '*** Einstellungen ***'" });
  });

  it('notes text before the first section of a file a person wrote, and rejects it in a generated suite', async () => {
    const text = suite('Written before any section', '*** Test Cases ***', 'T', '    Log    x');
    expect(await check(text, {}, { origin: 'repository' })).toEqual({
      errors: [],
      notes: [{ line: 1, message: "text before the first section header is ignored: 'Written before any section'" }],
    });
    expect((await check(text)).errors).toEqual([
      { line: 1, message: "content before the first section header: 'Written before any section'" },
    ]);
  });
});

describe('robot.toml and pyproject.toml', () => {
  it('reads python-path, languages, variables and variable files, robot.toml over pyproject.toml', async () => {
    const files = {
      'pyproject.toml': '[tool.robot]\npython-path = ["lib"]\nlanguages = ["fi"]\n',
      'robot.toml':
        'languages = ["fr"]\nextend-python-path = ["resources"]\nvariable-files = ["vars/env.yaml"]\n[variables]\nBROWSER = "chrome"\nRETRIES = 3\n',
    };
    const settings = await readProjectSettings('', reading(files));
    expect(settings).toEqual({
      project: {
        pythonPath: ['lib', 'resources'],
        languages: ['fr'],
        variables: ['BROWSER:chrome', 'RETRIES:3'],
        variableFiles: ['vars/env.yaml'],
        settingsFiles: ['pyproject.toml', 'robot.toml'],
      },
      sources: ['pyproject.toml', 'robot.toml'],
      problems: [],
    });
  });

  it('goes on without a file that is not TOML, saying so', async () => {
    const settings = await readProjectSettings('repo', reading({ 'repo/robot.toml': 'languages = [' }));
    expect(settings.project).toEqual({});
    expect(settings.problems).toEqual([expect.stringMatching(/^repo\/robot\.toml: not valid TOML/)]);
  });

  it('finds resources on the python-path and checks calls to their keywords', async () => {
    const text = suite('*** Settings ***', 'Resource    shared/common.resource', '*** Test Cases ***', 'T', '    Common Keywrd');
    const files = { 'lib/shared/common.resource': suite('*** Keywords ***', 'Common Keyword', '    No Operation') };
    const result = await check(text, files, { project: { pythonPath: ['lib'] } });
    expect(result.errors).toEqual([{ line: 5, message: "unknown keyword 'Common Keywrd'", suggestions: ['Common Keyword'] }]);
  });
});

describe.runIf(await robotParserAvailable(sharedPythonHelper()))("Robot Framework's parser in the run's languages", () => {
  it('reads a German suite without a Language line when the run names German', async () => {
    const text = suite('*** Einstellungen ***', 'Dokumentation    x', '*** Testfälle ***', 'T', '    Log    x');
    expect(await check(text, {}, { validate: 'robot', python: sharedPythonHelper(), project: { languages: ['de'] } })).toEqual({
      errors: [],
      notes: [],
    });
    const english = await check(text, {}, { validate: 'robot', python: sharedPythonHelper() });
    expect(english.errors.map((problem) => problem.line)).toEqual([1, 3]);
  });
});
