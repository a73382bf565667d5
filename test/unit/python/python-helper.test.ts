import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { InterruptedError } from '../../../src/errors.js';
import { PythonHelper } from '../../../src/python/python-helper.js';
import { HelperAnswerError, HelperUnavailableError } from '../../../src/robot/robot-python.js';
import { type StubPython, processGone, stubPython } from '../../helpers/stub-python.js';

const realPython = new PythonHelper();
const robotInstalled = (await realPython.capabilities())?.robot != null;
await realPython.close();

const stubs: StubPython[] = [];
const helpers: PythonHelper[] = [];
afterEach(() => {
  for (const helper of helpers.splice(0)) void helper.close();
  for (const stub of stubs.splice(0)) stub.remove();
});

function helperFor(behaviour: Parameters<typeof stubPython>[0]): { helper: PythonHelper; stub: StubPython } {
  const stub = stubPython(behaviour);
  stubs.push(stub);
  const helper = new PythonHelper({ python: stub.python });
  helpers.push(helper);
  return { helper, stub };
}

async function eventually(condition: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe.runIf(robotInstalled)('the Python helper with a real interpreter', () => {
  it('answers many questions from one process, each by its id', async () => {
    const helper = new PythonHelper();
    helpers.push(helper);
    const capabilities = await helper.capabilities();
    expect(capabilities?.robot).toMatch(/^\d+\.\d+/);
    const texts = ['*** Test Cases ***\nT\n    [Tgas]    x\n', '*** Test Cases ***\nT\n    Log    x\n', '*** Keywords ***\nK\n    END\n'];
    const answers = await Promise.all(
      texts.map((text) => helper.request<{ errors: Array<{ line: number }> }>('parse', { text, kind: 'suite' }, { timeoutMs: 30_000 })),
    );
    expect(answers.map((answer) => answer.errors.map((problem) => problem.line))).toEqual([[3], [], [3]]);
    expect(helper.restarts).toBe(0);
  });

  it('reports a failed question as an answer and keeps serving', async () => {
    const helper = new PythonHelper();
    helpers.push(helper);
    const failed = helper.request('libdoc', { name: 'NoSuchLibraryAnywhere' }, { timeoutMs: 30_000 });
    await expect(failed).rejects.toBeInstanceOf(HelperAnswerError);
    await expect(failed).rejects.toThrow("Importing library 'NoSuchLibraryAnywhere' failed");
    const libdoc = await helper.request<{ keywords: Array<{ name: string; args: string[] }> }>(
      'libdoc',
      { name: 'Collections' },
      { timeoutMs: 30_000 },
    );
    expect(libdoc.keywords).toContainEqual({ name: 'Append To List', args: ['list_', '*values'] });
  });

  it('parses in the languages it is given', async () => {
    const helper = new PythonHelper();
    helpers.push(helper);
    const text = '*** Cas de test ***\nT\n    Log    x\n';
    const english = await helper.request<{ errors: unknown[] }>('parse', { text, kind: 'suite' }, { timeoutMs: 30_000 });
    const french = await helper.request<{ errors: unknown[] }>('parse', { text, kind: 'suite', languages: ['fr'] }, { timeoutMs: 30_000 });
    expect(english.errors).toHaveLength(1);
    expect(french.errors).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('the Python helper when Python misbehaves', () => {
  it('is unavailable when the interpreter does not exist, without retrying', async () => {
    const helper = new PythonHelper({ python: 'writer-no-such-python' });
    helpers.push(helper);
    expect(await helper.capabilities()).toBeUndefined();
    expect(helper.failure).toBe('writer-no-such-python was not found');
    await expect(helper.request('parse', {}, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(HelperUnavailableError);
  });

  it('restarts once after a crash and answers the question on the new process', async () => {
    const { helper, stub } = helperFor('crash-once');
    const answer = await helper.request<{ echo: string }>('parse', { text: '' }, { timeoutMs: 10_000 });
    expect(answer.echo).toBe('parse');
    expect(helper.restarts).toBe(1);
    expect(stub.starts()).toHaveLength(2);
  });

  it('gives up after the second crash, says why, and starts no third process', async () => {
    const { helper, stub } = helperFor('crash');
    await expect(helper.request('parse', {}, { timeoutMs: 10_000 })).rejects.toThrow(
      'the Python helper stopped (exit code 1): SyntaxError: boom; it was already restarted once',
    );
    await expect(helper.request('parse', {}, { timeoutMs: 10_000 })).rejects.toBeInstanceOf(HelperUnavailableError);
    expect(stub.starts()).toHaveLength(2);
    expect(stub.starts().every((pid) => processGone(pid))).toBe(true);
  });

  it('kills a hung helper, restarts it once, then stops asking', async () => {
    const { helper, stub } = helperFor('hang');
    await expect(helper.request('parse', {}, { timeoutMs: 3_000 })).rejects.toThrow(
      "the Python helper did not answer 'parse' within 3000 ms",
    );
    expect(helper.restarts).toBe(1);
    await expect(helper.request('parse', {}, { timeoutMs: 3_000 })).rejects.toThrow("did not answer 'parse' within 3000 ms");
    expect(helper.failure).toBe("the Python helper did not answer 'parse' within 3000 ms; it was already restarted once");
    await expect(helper.request('parse', {}, { timeoutMs: 3_000 })).rejects.toBeInstanceOf(HelperUnavailableError);
    expect(stub.starts()).toHaveLength(2);
    expect(await eventually(() => stub.starts().every((pid) => processGone(pid)))).toBe(true);
  });

  it('is killed when the run is aborted, and the question ends as an interruption', async () => {
    const { helper, stub } = helperFor('hang');
    const controller = new AbortController();
    helper.watch(controller.signal);
    const question = helper.request('parse', {}, { timeoutMs: 30_000, signal: controller.signal });
    expect(await eventually(() => stub.starts().length === 1)).toBe(true);
    controller.abort();
    await expect(question).rejects.toBeInstanceOf(InterruptedError);
    expect(await eventually(() => processGone(stub.starts()[0]!))).toBe(true);
    expect(helper.closed).toBe(true);
  });

  it('dies with writer: a process that exits without closing it leaves no helper behind', async () => {
    const stub = stubPython('hang');
    stubs.push(stub);
    const module = fileURLToPath(new URL('../../../dist/python/python-helper.js', import.meta.url));
    const program = `import(${JSON.stringify(module)}).then(({ PythonHelper }) => {
      const helper = new PythonHelper({ python: ${JSON.stringify(stub.python)} });
      helper.start();
      setTimeout(() => process.exit(0), 500);
    });`;
    const code = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, ['-e', program], { stdio: 'ignore' }).on('close', resolve),
    );
    expect(code).toBe(0);
    expect(stub.starts()).toHaveLength(1);
    expect(await eventually(() => processGone(stub.starts()[0]!))).toBe(true);
  });
});
