import { describe, expect, it } from 'vitest';

import { PythonHelper } from '../../../src/python/python-helper.js';
import { checkSuite } from '../../../src/robot/check-suite.js';
import { installedLibraries } from '../../../src/robot/installed-library-resolver.js';
import { LibraryCache, chainLibraryResolvers } from '../../../src/robot/library-resolver.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from '../../../src/robot/library-spec.js';
import { printableName, readLibrarySource } from '../../../src/robot/python-source-reader.js';
import { shippedLibraries } from '../../../src/robot/shipped-library-resolver.js';
import { libraryFiles, repositoryLibraries } from '../../../src/robot/source-library-resolver.js';
import { standardLibraries } from '../../../src/robot/standard-library-resolver.js';

const python = new PythonHelper();
const capabilities = await python.capabilities();
const installed = async (name: string): Promise<boolean> =>
  capabilities?.robot != null &&
  (await python.request('libdoc', { name }, { timeoutMs: 60_000 }).then(
    () => true,
    () => false,
  ));
const databaseInstalled = await installed('DatabaseLibrary');

function imported(name: string, extra: Partial<LibraryImport> = {}): LibraryImport {
  return { name, args: [], alias: undefined, importer: 'tests/orders/cancel.robot', line: 3, ...extra };
}

/** Library files as teams write them, and the keywords Robot Framework makes of them. */
const SOURCES: ReadonlyArray<{ title: string; module: string; text: string; keywords: unknown }> = [
  {
    title: 'module functions, @keyword names, private names, imported functions',
    module: 'orders',
    text: [
      '"""Order keywords.',
      'def not_a_function(): pass  # inside the docstring',
      '"""',
      'from robot.api.deco import keyword, not_keyword',
      'import os',
      '',
      'def create_order(item, qty=1, *, priority="normal", **extra):',
      '    """Creates an order."""',
      '    return item',
      '',
      '@keyword("Cancel Order ${order_id}")',
      'def cancel(order_id):',
      '    pass',
      '',
      '@keyword(name=\'Order Status Should Be\', tags=["orders"])',
      'def status_is(order, expected,',
      '              message=None):  # a signature over two lines',
      '    pass',
      '',
      '@not_keyword',
      'def helper(): pass',
      '',
      'def _private(): pass',
      '',
      'def getHTTPStatus(url, /, timeout=5): pass',
    ].join('\n'),
    keywords: [
      { name: 'Create Order', args: ['item', 'qty=', '*', 'priority=', '**extra'] },
      { name: 'Cancel Order ${order_id}', args: ['order_id'] },
      { name: 'Order Status Should Be', args: ['order', 'expected', 'message='] },
      { name: 'Get HTTP Status', args: ['url', '/', 'timeout='] },
      { name: 'Keyword' },
      { name: 'Not Keyword' },
    ],
  },
  {
    title: 'a class named like the module, with in-file inheritance, static methods and properties',
    module: 'OrderLib',
    text: [
      'class Base:',
      '    def open_connection(self, host, port=5432):',
      '        pass',
      '',
      'class OrderLib(Base):',
      '    ROBOT_LIBRARY_SCOPE = "GLOBAL"',
      '',
      '    def __init__(self, url):',
      '        self.url = url',
      '',
      '    def place_order(self, item, *items):',
      '        pass',
      '',
      '    @staticmethod',
      '    def order_count(status):',
      '        pass',
      '',
      '    @property',
      '    def last_order(self):',
      '        return None',
      '',
      'def module_function(): pass',
    ].join('\n'),
    keywords: [
      { name: 'Place Order', args: ['item', '*items'] },
      { name: 'Order Count', args: ['status'] },
      { name: 'Open Connection', args: ['host', 'port='] },
    ],
  },
  {
    title: '@library turns automatic keywords off',
    module: 'Reports',
    text: [
      'from robot.api.deco import keyword, library',
      '',
      '@library(scope="SUITE")',
      'class Reports:',
      '    def not_exposed(self): pass',
      '',
      '    @keyword',
      '    def run_report_query(self, query): pass',
    ].join('\n'),
    keywords: [{ name: 'Run Report Query', args: ['query'] }],
  },
  {
    title: 'ROBOT_AUTO_KEYWORDS = False and __all__',
    module: 'helpers',
    text: [
      'from robot.api.deco import keyword',
      'ROBOT_AUTO_KEYWORDS = False',
      '__all__ = ["exposed", "also_hidden"]',
      '@keyword',
      'def exposed(a): pass',
      'def also_hidden(b): pass',
      '@keyword("Listed Nowhere")',
      'def unlisted(): pass',
    ].join('\n'),
    keywords: [{ name: 'Exposed', args: ['a'] }],
  },
  {
    title: 'a class inheriting from another module cannot be known from its file',
    module: 'Api',
    text: ['from RequestsLibrary import RequestsLibrary', 'class Api(RequestsLibrary):', '    def get_orders(self): pass'].join('\n'),
    keywords: null,
  },
  {
    title: 'a package whose library class is imported from another of its modules cannot be known from its __init__',
    module: 'SSHLibrary',
    text: [
      'from .client import SSHClient',
      'from .library import SSHLibrary',
      'from .version import VERSION',
      '__version__ = VERSION',
    ].join('\n'),
    keywords: null,
  },
  {
    title: 'a dynamic library makes its keywords at run time',
    module: 'Dyn',
    text: ['class Dyn:', '    def get_keyword_names(self):', '        return ["A"]', '    def run_keyword(self, name, args): pass'].join(
      '\n',
    ),
    keywords: null,
  },
];

describe('reading library keywords from Python source without Python', () => {
  it.each(SOURCES)('$title', ({ text, module, keywords }) => {
    const read = readLibrarySource(text, module);
    expect(read.keywords ?? null).toEqual(keywords);
  });

  it("names keywords as Robot Framework's printable_name does", () => {
    expect(
      ['create_order', 'getHTTPStatus', 'camelCaseName', 'simple', 'under_and space', 'miXed_CAPS_nAMe', 'version2Name'].map(printableName),
    ).toEqual(['Create Order', 'Get HTTP Status', 'Camel Case Name', 'Simple', 'Under And Space', 'MiXed CAPS NAMe', 'Version 2 Name']);
  });
});

describe.runIf(capabilities !== undefined)("reading library keywords with Python's ast in the helper", () => {
  it.each(SOURCES)('agrees with the built-in reader: $title', async ({ text, module, keywords }) => {
    const answer = await python.request<{ keywords: Array<{ name: string; args: string[] | null }> | null }>(
      'source',
      { text, module },
      { timeoutMs: 10_000 },
    );
    const normalised = answer.keywords?.map(({ name, args }) => (args === null ? { name } : { name, args })) ?? null;
    expect(normalised).toEqual(keywords);
  });
});

describe('library files of the repository', () => {
  it('are found relative to the importing file, as files or package folders', () => {
    expect(libraryFiles(imported('../../libs/orders.py'))).toEqual([{ file: 'libs/orders.py', module: 'orders' }]);
    expect(libraryFiles(imported('${CURDIR}/OrderLib.py'))).toEqual([{ file: 'tests/orders/OrderLib.py', module: 'OrderLib' }]);
    expect(libraryFiles(imported('../../libs/reports/'))).toEqual([{ file: 'libs/reports/__init__.py', module: 'reports' }]);
    expect(libraryFiles(imported('SeleniumLibrary'))).toEqual([]);
    expect(libraryFiles(imported('${LIBS}/orders.py'))).toEqual([]);
  });

  it('are also looked for on the search path, by path or by module name, as Robot does', () => {
    const searchPath = ['lib', 'shared/libs'];
    expect(libraryFiles({ ...imported('orders/OrderLib.py'), searchPath })).toEqual([
      { file: 'tests/orders/orders/OrderLib.py', module: 'OrderLib' },
      { file: 'lib/orders/OrderLib.py', module: 'OrderLib' },
      { file: 'shared/libs/orders/OrderLib.py', module: 'OrderLib' },
    ]);
    expect(libraryFiles({ ...imported('reports.Daily'), searchPath })).toEqual([
      { file: 'lib/reports/Daily.py', module: 'Daily' },
      { file: 'lib/reports/Daily/__init__.py', module: 'Daily' },
      { file: 'shared/libs/reports/Daily.py', module: 'Daily' },
      { file: 'shared/libs/reports/Daily/__init__.py', module: 'Daily' },
    ]);
  });

  it("give their keywords through the checks' file reader, with or without Python", async () => {
    const files: Record<string, string> = { 'libs/orders.py': 'def create_order(item):\n    pass\n' };
    const asked: string[] = [];
    const readFile = async (file: string): Promise<string | undefined> => {
      asked.push(file);
      return files[file];
    };
    const expected: LibrarySpec = {
      name: '../../libs/orders.py',
      keywords: [{ name: 'Create Order', args: ['item'] }],
      origin: 'source',
    };
    expect(await repositoryLibraries(readFile).resolve(imported('../../libs/orders.py'))).toEqual(expected);
    expect(await repositoryLibraries(readFile, python).resolve(imported('../../libs/orders.py'))).toEqual(expected);
    expect(await repositoryLibraries(readFile).resolve(imported('../../libs/missing.py'))).toBeUndefined();
    expect(asked).toEqual(['libs/orders.py', 'libs/orders.py', 'libs/missing.py']);
  });

  it('give the keywords of a module on the search path, the first place that has it', async () => {
    const files: Record<string, string> = { 'shared/libs/orders.py': 'def create_order(item):\n    pass\n' };
    const spec = await repositoryLibraries(async (file) => files[file]).resolve({
      ...imported('orders'),
      searchPath: ['lib', 'shared/libs'],
    });
    expect(spec).toEqual({ name: 'orders', keywords: [{ name: 'Create Order', args: ['item'] }], origin: 'source' });
  });
});

describe('the shipped keyword data', () => {
  it.each([
    ['SeleniumLibrary', 'Open Browser'],
    ['Browser', 'New Page'],
    ['RequestsLibrary', 'GET On Session'],
    ['DatabaseLibrary', 'Connect To Database'],
    ['SSHLibrary', 'Open Connection'],
    ['AppiumLibrary', 'Open Application'],
  ])('knows %s (%s) with argument specs and the pinned version', async (name, keyword) => {
    const spec = await shippedLibraries.resolve(imported(name));
    expect(spec?.origin).toBe('shipped');
    expect(spec?.version).toMatch(/^\d+\.\d+/);
    expect(spec?.keywords.find((candidate) => candidate.name === keyword)?.args).toBeDefined();
  });

  it('knows nothing of other libraries', async () => {
    expect(await shippedLibraries.resolve(imported('MyCompanyLibrary'))).toBeUndefined();
  });
});

describe.runIf(databaseInstalled)('libraries installed for Python, through libdoc', () => {
  it('describes DatabaseLibrary as installed, with its version and argument specs', async () => {
    const spec = await installedLibraries(python).resolve(imported('DatabaseLibrary'));
    expect(spec?.origin).toBe('installed');
    expect(spec?.version).toBe('2.5.0');
    expect(spec?.keywords.find((keyword) => keyword.name === 'Check Row Count')?.args?.slice(0, 3)).toEqual([
      'select_statement',
      'assertion_operator',
      'expected_value',
    ]);
  });

  it('honours the import arguments, and answers undefined for what is not installed or is a path', async () => {
    const resolver = installedLibraries(python);
    const withArgs = await resolver.resolve(imported('SeleniumLibrary', { args: ['timeout=10', 'implicit_wait=${WAIT}'] }));
    expect(withArgs?.keywords.some((keyword) => keyword.name === 'Open Browser')).toBe(true);
    expect(await resolver.resolve(imported('NoSuchLibraryAnywhere'))).toBeUndefined();
    expect(await resolver.resolve(imported('../libs/orders.py'))).toBeUndefined();
  });
});

describe('the chain of library sources', () => {
  function counting(name: string, answers: Record<string, LibrarySpec['origin']>): LibraryResolver & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      async resolve(library) {
        asked.push(`${name}:${library.name}:${library.args.join(',')}`);
        const origin = answers[library.name];
        return origin === undefined ? undefined : { name: library.name, keywords: [], origin };
      },
    };
  }

  it('asks the most reliable source first and each library (name and arguments) once per run', async () => {
    const installedSource = counting('installed', { DatabaseLibrary: 'installed' });
    const shipped = counting('shipped', { DatabaseLibrary: 'shipped', Browser: 'shipped' });
    const cache = new LibraryCache();
    const first = chainLibraryResolvers([standardLibraries, installedSource, shipped], cache);
    const second = chainLibraryResolvers([standardLibraries, installedSource, shipped], cache);
    expect((await first.resolve(imported('Collections')))?.origin).toBe('standard');
    expect((await first.resolve(imported('DatabaseLibrary')))?.origin).toBe('installed');
    expect((await second.resolve(imported('DatabaseLibrary', { alias: 'DB', importer: 'resources/db.resource' })))?.origin).toBe(
      'installed',
    );
    expect((await second.resolve(imported('Browser')))?.origin).toBe('shipped');
    expect((await second.resolve(imported('Browser', { args: ['timeout=10s'] })))?.origin).toBe('shipped');
    expect(installedSource.asked).toEqual(['installed:DatabaseLibrary:', 'installed:Browser:', 'installed:Browser:timeout=10s']);
    expect(shipped.asked).toEqual(['shipped:Browser:', 'shipped:Browser:timeout=10s']);
  });
});

describe('library keywords in the checks', () => {
  const ORDERS_LIBRARY = [
    'from robot.api.deco import keyword',
    '',
    '@keyword("Cancel Order ${order_id}")',
    'def cancel(order_id, reason=None):',
    '    pass',
    '',
  ].join('\n');

  async function check(lines: string[], files: Record<string, string> = {}, pythonPath?: string[]) {
    const readFile = async (file: string): Promise<string | undefined> => files[file];
    return checkSuite(
      [
        '*** Settings ***',
        ...lines.slice(0, lines.indexOf('')),
        '',
        '*** Test Cases ***',
        'T',
        ...lines.slice(lines.indexOf('') + 1).map((step) => `    ${step}`),
        '',
      ].join('\n'),
      {
        suitePath: 'tests/t.robot',
        readFile,
        validate: 'builtin',
        libraries: chainLibraryResolvers([standardLibraries, repositoryLibraries(readFile), shippedLibraries]),
        ...(pythonPath ? { project: { pythonPath } } : {}),
      },
    );
  }

  it('gives a library keyword its embedded arguments from the name; the call passes the others', async () => {
    const result = await check(
      ['Library    ../libs/orders.py', '', 'Cancel Order 42', 'Cancel Order 43    late', 'Cancel Order 44    late    again'],
      {
        'libs/orders.py': ORDERS_LIBRARY,
      },
    );
    expect(result.errors).toEqual([{ line: 8, message: "'Cancel Order 44' takes 0 to 1 arguments, got 2" }]);
  });

  it("leaves a runner's own named options out of the count of the keyword it runs", async () => {
    const result = await check([
      'Library    Browser',
      '',
      'Register Keyword To Run On Failure    Take Screenshot    failure-{index}    scope=Test',
    ]);
    expect(result).toEqual({ errors: [], notes: [] });
  });

  it('takes the keywords that plugins add as unknown: no error, one note', async () => {
    const result = await check([
      'Library    SeleniumLibrary    plugins=plugins.Orders',
      '',
      'Open Browser    https://shop.example',
      'Open The Orders Page',
    ]);
    expect(result.errors).toEqual([]);
    expect(result.notes.map(({ message }) => message)).toEqual([
      "keywords not found in the file, its resources or its known libraries were not checked; they may come from SeleniumLibrary (keywords its import arguments add): 'Open The Orders Page'",
    ]);
  });

  it("lets the repository's own module on the search path stand before the shipped data, as Robot does", async () => {
    // The team's own RequestsLibrary, a newer one than writer ships, whose class is made of other modules.
    const files = {
      'src/RequestsLibrary/__init__.py':
        'from .RequestsKeywords import RequestsKeywords\nclass RequestsLibrary(RequestsKeywords):\n    pass\n',
    };
    const result = await check(['Library    RequestsLibrary', '', 'CONNECT On Session    api    /'], files, ['src']);
    expect(result.errors).toEqual([]);
    expect(result.notes[0]?.message).toContain(
      "they may come from RequestsLibrary (class 'RequestsLibrary' inherits from classes outside the file)",
    );
  });
});
