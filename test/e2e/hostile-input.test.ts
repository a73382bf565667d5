// Hostile and careless input through the real CLI (issue 18): special files in
// place of reports and inputs, Ctrl-C during the checks, suites without tests,
// long Retry-After waits, secrets in URLs and echoes, deep and huge input,
// terminals, and the smaller edge cases. No input may hang writer, damage a file
// outside its output, write after Ctrl-C, or print or write a secret.

import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { CLI, ROOT, cliEnv, runCli, writerEnv } from '../helpers/run-cli.js';
import { runOnTerminal } from '../helpers/run-on-terminal.js';
import { SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';

const API_KEY = 'sk-hostile-key-2468';
const ANSWER: ScriptedTurn = { content: fenced(SELF_CONTAINED_SUITE) };
/** A run that hangs is killed by runCli after this; every case here must end well before. */
const HANG_MS = 20_000;

let work: string;
let mcp: TestMcpServer | undefined;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'writer-hostile-'));
});

afterEach(async () => {
  await model?.close();
  await mcp?.close();
  model = mcp = undefined;
  await rm(work, { recursive: true, force: true });
});

afterAll(async () => {
  // Nothing here may ever replace the machine's own device.
  expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
});

async function servers(turns: ScriptedTurn[], apiKey = API_KEY): Promise<Record<string, string | undefined>> {
  mcp = await startTestMcpServer();
  model = await startFakeOpenAI({ turns, apiKey });
  return writerEnv({ mcp, model, apiKey });
}

async function spec(body: object, name = 'spec.json'): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, JSON.stringify(body));
  return file;
}

async function special(name: string, kind: 'fifo' | 'null' | 'full'): Promise<string> {
  const file = path.join(work, name);
  if (kind === 'fifo') execFileSync('mkfifo', [file]);
  // The kernel's null (1,3) and full (1,7) devices, made in the temporary folder.
  else execFileSync('mknod', [file, 'c', '1', kind === 'null' ? '3' : '7']);
  return file;
}

/** An executable Python script in the temporary folder (not named like a module it imports). */
async function pythonScript(name: string, lines: string[]): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, ['#!/usr/bin/env python3', ...lines].join('\n') + '\n');
  await chmod(file, 0o755);
  return file;
}

function lastUserMessage(request: ChatRequest | undefined): string {
  return String([...(request?.messages ?? [])].reverse().find((message) => message.role === 'user')?.content ?? '');
}

function oneLine(stderr: string): string[] {
  return stderr.trim().split('\n');
}

describe('special files', () => {
  it('writes reports into a character device and leaves the device in place', async () => {
    const env = await servers([ANSWER]);
    const device = await special('null', 'null');
    const full = await special('full', 'full');
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const out = path.join(work, 'out');
    const run = await runCli(['generate', '--spec', file, '--out', out, '--transcript', device, '--record', device, '--junit', full], {
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`the JUnit report was not written: cannot write ${full}: ENOSPC`);
    expect((await lstat(device)).isCharacterDevice()).toBe(true);
    expect((await lstat(full)).isCharacterDevice()).toBe(true);
    expect(await readFile(path.join(out, 'a.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });

  it('refuses a FIFO or a folder as a report before any model request', async () => {
    const env = await servers([ANSWER]);
    const fifo = await special('pipe', 'fifo');
    const folder = path.join(work, 'folder');
    await mkdir(folder);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    for (const [flag, target, kind] of [
      ['--junit', fifo, 'a FIFO'],
      ['--transcript', folder, 'a directory'],
      ['--record', fifo, 'a FIFO'],
    ] as const) {
      const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), flag, target], { env, timeoutMs: HANG_MS });
      expect(run.code, flag).toBe(2);
      expect(oneLine(run.stderr), flag).toEqual([`writer: cannot write ${target}: it is ${kind}, not a regular file`]);
    }
    expect(model?.requests).toHaveLength(0);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('refuses a FIFO as a spec, a config, a recording, a linted file or its resource, at once', async () => {
    const fifo = await special('pipe', 'fifo');
    const suite = path.join(work, 'suite.robot');
    await writeFile(suite, `*** Settings ***\nResource    pipe\n\n*** Test Cases ***\nT\n    Log    x\n`);
    const cases: Array<[string[], string]> = [
      [['generate', '--spec', fifo], `writer: ${fifo}: cannot read the spec (not a regular file (a FIFO))`],
      [['generate', '--config', fifo], `writer: ${fifo}: cannot read the configuration file (not a regular file (a FIFO))`],
      [['replay', fifo], `${fifo}: cannot read the recording (not a regular file (a FIFO))`],
      [['lint', fifo], `${fifo}: cannot read: not a regular file (a FIFO)`],
      [['lint', suite], `${suite}: cannot read the resource ${fifo}: not a regular file (a FIFO)`],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env: writerEnv({}), timeoutMs: HANG_MS });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout + run.stderr, args.join(' ')).toContain(message);
    }
  });
});

describe('keyword patterns', () => {
  it('lints a crafted embedded pattern against a long call without hanging, and sets aside a pattern it cannot run', async () => {
    const suite = path.join(work, 'crafted.robot');
    await writeFile(
      suite,
      [
        '*** Test Cases ***',
        'Crafted',
        `    Do ${'a'.repeat(50_000)}b`,
        '    Use abab Twice',
        '',
        '*** Keywords ***',
        'Do ${x:(a+)+}',
        '    No Operation',
        'Use ${x:(ab)\\1} Twice',
        '    No Operation',
      ].join('\n'),
    );
    const run = await runCli(['lint', '--validate', 'builtin', suite], { timeoutMs: HANG_MS });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/crafted\.robot:3: unknown keyword 'Do a+…?/),
      expect.stringMatching(
        /crafted\.robot:9: note: keyword 'Use \$\{x:\(ab\)\\1\} Twice' has an embedded argument pattern that cannot be matched safely \(.*\\1.*\); its arguments were matched as any text/,
      ),
    ]);
  });
});

// The slow parser stands in for Python with a python3 script: skipped without python3.
describe.runIf(inject('python3'))('Ctrl-C during the checks after the reply', () => {
  it('kills the slow parser, writes nothing and exits 130, leaving the old suite as it was', async () => {
    const env = await servers([ANSWER]);
    const pidFile = path.join(work, 'parser.pid');
    // Answers `import robot` at once, then takes its time over the parse, as a loaded machine might.
    const python = await pythonScript('slow-python', [
      'import os, sys, time',
      "if sys.argv[1:3] == ['-c', 'import robot']: sys.exit(0)",
      `open(${JSON.stringify(pidFile)}, 'w').write(str(os.getpid()))`,
      'time.sleep(60)',
      "os.execvp('python3', ['python3'] + sys.argv[1:])",
    ]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const out = path.join(work, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'a.robot'), 'the old suite\n');
    const run = await runCli(['generate', '--spec', file, '--out', out, '--force'], {
      env: { ...env, WRITER_PYTHON: python },
      timeoutMs: HANG_MS,
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8')) return;
          clearInterval(poll);
          child.kill('SIGINT');
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(run.code).toBe(130);
    expect(oneLine(run.stderr).at(-1)).toBe('✗ writer: interrupted');
    expect(await readFile(path.join(out, 'a.robot'), 'utf8')).toBe('the old suite\n');
    expect(await readdir(out)).toEqual(['a.robot']);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
  });
});

/** Whether a process runs (a zombie waiting to be reaped has stopped). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('suites without tests', () => {
  it('sends a reply without a test (comments only, or a header cut off by the stream) back for repair', async () => {
    const cutOff = 'Here it is.\n\n```robot\n*** Settings ***\nLibrary    Collections\n\n*** Test Cases ***\n';
    const env = await servers([{ content: fenced('*** Comments ***\nTo do.\n') }, { content: cutOff }, ANSWER]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), '--json'], { env });
    expect(run.code).toBe(0);
    expect(lastUserMessage(model?.requests[1])).toContain("line 1: the suite has no '*** Test Cases ***' section with a test");
    expect(lastUserMessage(model?.requests[2])).toContain("line 4: the '*** Test Cases ***' section holds no test or task");
    expect(await readFile(path.join(work, 'out/a.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });

  it('writes nothing when the model never gives a test, and lint reports an empty file', async () => {
    const comments: ScriptedTurn = { content: fenced('*** Comments ***\nTo do.\n') };
    const env = await servers([comments, comments, comments]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out')], { env });
    expect(run.code).toBe(1);
    expect(await readdir(work)).not.toContain('out');
    const empty = path.join(work, 'empty.robot');
    await writeFile(empty, '');
    const lint = await runCli(['lint', '--validate', 'builtin', empty]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toBe(
      `${empty}:1: the suite has no '*** Test Cases ***' section with a test; Robot Framework refuses a suite without one\n`,
    );
  });
});

describe('retry waits', () => {
  it('fails at once, naming the 429 and the wait, when Retry-After is longer than the default cap', async () => {
    const env = await servers([{ status: 429, headers: { 'retry-after': '100000' } }, ANSWER]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out')], { env, timeoutMs: HANG_MS });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /writer: model endpoint \S+ answered 429 and asked to wait 100000 s before trying again, more than --max-retry-wait 60 s; not waiting\n$/,
    );
    expect(model?.requests).toHaveLength(1);
  });

  it('takes its cap from --max-retry-wait', async () => {
    const env = await servers([{ status: 503, headers: { 'retry-after': '2' } }, ANSWER]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), '--max-retry-wait', '0.5'], {
      env,
      timeoutMs: HANG_MS,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('answered 503 and asked to wait 2 s before trying again, more than --max-retry-wait 0.5 s; not waiting');
    expect(model?.requests).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('treats credentials inside --base-url and --mcp-url as secrets', async () => {
    mcp = await startTestMcpServer();
    const mcpUrl = `${mcp.url}?private_token=glpat-IN-THE-URL-1357`;
    const baseUrl = 'http://writer:PASS-IN-THE-URL-9753@127.0.0.1:9/v1';
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const transcript = path.join(work, 'transcript.json');
    const recording = path.join(work, 'recording.json');
    const run = await runCli(
      [
        'generate',
        '--spec',
        file,
        '--out',
        path.join(work, 'out'),
        '--retries',
        '0',
        '--json',
        '--transcript',
        transcript,
        '--record',
        recording,
      ],
      { env: writerEnv({ mcp }, { GITLAB_MCP_URL: mcpUrl, OPENAI_BASE_URL: baseUrl }) },
    );
    expect(run.code).toBe(3);
    expect(mcp.calls.length).toBeGreaterThan(0);
    const outputs = [run.stdout, run.stderr, await readFile(transcript, 'utf8'), await readFile(recording, 'utf8')];
    for (const output of outputs) {
      expect(output).not.toContain('IN-THE-URL');
      expect(output).toContain('[redacted]');
    }
  });

  it('redacts a key with a quote and a backslash that the model echoes, before the JSON is made', async () => {
    const key = 'sk-"quoted\\key-8642';
    const echoing = fenced(`*** Test Cases ***\nEcho\n    Send The Key ${key}\n`);
    const env = await servers(
      [
        { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: key } }] },
        { content: echoing },
        { content: echoing },
        { content: echoing },
      ],
      key,
    );
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), '--json'], { env });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.problems).toContainEqual({ line: 3, message: "unknown keyword 'Send The Key [redacted]'" });
    for (const output of [run.stdout, run.stderr]) {
      for (const form of [key, JSON.stringify(key).slice(1, -1), 'quoted']) expect(output).not.toContain(form);
    }
    expect(await readdir(work)).not.toContain('out');
  });

  it('never writes a suite that holds the key: it goes back for repair', async () => {
    const leaking = `*** Variables ***\n\${TOKEN}    ${API_KEY}\n\n${SELF_CONTAINED_SUITE}`;
    const env = await servers([{ content: fenced(leaking) }, ANSWER]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out')], { env });
    expect(run.code).toBe(0);
    expect(lastUserMessage(model?.requests[1])).toContain('line 2: holds a credential of this run (the API key or an MCP token)');
    expect(lastUserMessage(model?.requests[1])).not.toContain(API_KEY);
    expect(await readFile(path.join(work, 'out/a.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
  });
});

describe('deep and huge input', () => {
  it('refuses a spec nested 100,000 levels with exit 2, and still writes the recording', async () => {
    const file = path.join(work, 'deep.json');
    // Planners may add fields of their own: the schema lets this one through unchecked.
    await writeFile(file, `{"id": "DEEP", "notes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const recording = path.join(work, 'recording.json');
    const run = await runCli(['generate', '--spec', file, '--record', recording], { env: writerEnv({}, { OPENAI_API_KEY: API_KEY }) });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr).at(-1)).toBe(`✗ writer: ${file}: the spec nests deeper than 64 levels`);
    expect(JSON.parse(await readFile(recording, 'utf8'))).toMatchObject({
      spec: null,
      outcome: { status: 'failed', error: `${file}: the spec nests deeper than 64 levels` },
    });
  });

  it('refuses a huge spec, a target that is a folder and a name too long before any model request', async () => {
    const env = await servers([ANSWER]);
    const out = path.join(work, 'out');
    await mkdir(path.join(out, 'tests/folder.robot'), { recursive: true });
    const cases: Array<[object, string]> = [
      [{ id: 'BIG', title: 'x'.repeat(300_000) }, 'cannot read the spec (too large: 300'],
      [
        { id: 'DIR', rf: { target_path: 'tests/folder.robot' } },
        `cannot write ${path.join(out, 'tests/folder.robot')}: it is a directory, not a regular file`,
      ],
      [{ id: 'LONG', rf: { output_path: `tests/${'n'.repeat(300)}.robot` } }, 'is longer than file systems take (255)'],
      [{ id: 'OUT', rf: { output_path: '../escape.robot' } }, "/rf/output_path '../escape.robot' climbs out of the output folder"],
    ];
    for (const [body, message] of cases) {
      const run = await runCli(['generate', '--spec', await spec(body), '--out', out], { env });
      expect(run.code, message).toBe(2);
      expect(oneLine(run.stderr), message).toHaveLength(1);
      expect(run.stderr, message).toContain(message);
    }
    expect(model?.requests).toHaveLength(0);
    expect(mcp?.calls).toHaveLength(0);
  });

  it('lints a suite of 100,000 nested blocks and refuses a file over the size limit, without crashing', async () => {
    const deep = path.join(work, 'deep.robot');
    await writeFile(
      deep,
      ['*** Test Cases ***', 'Deep', ...Array(100_000).fill('    IF    $x'), '    Log    x', ...Array(100_000).fill('    END')].join('\n'),
    );
    const nested = await runCli(['lint', deep]);
    expect(nested.code).toBe(1);
    expect(nested.stdout).toBe(`${deep}:103: blocks nested more than 100 levels deep; nothing else was checked\n`);
    const huge = path.join(work, 'huge.robot');
    await writeFile(huge, `*** Test Cases ***\nHuge\n${'    Log    many words on a line\n'.repeat(200_000)}`);
    const big = await runCli(['lint', huge]);
    expect(big.code).toBe(2);
    expect(big.stdout).toMatch(/huge\.robot: cannot read: too large: \d+ bytes, more than the 5242880 read\n$/);
  });
});

describe('terminals', () => {
  // The terminal is Python's pty module: skipped without python3.
  it.runIf(inject('python3'))('gives a terminal of 0 columns plain lines, not an endless redraw', async () => {
    const out = path.join(work, 'out');
    // A terminal that reports 0 columns, as some CI runners' do; at most 1 MB of output is read.
    const run = await runOnTerminal([process.execPath, CLI, 'demo', '--out', out], [], {
      cwd: ROOT,
      env: { ...cliEnv(), CI: undefined },
      columns: 0,
      maxOutputBytes: 1_000_000,
      timeoutMs: HANG_MS,
    });
    expect(run.code).toBe(0);
    expect(run.output.length).toBeLessThan(20_000);
    expect(run.output).toContain(`wrote ${path.join(out, 'tests/orders/cancel_order.robot')}`);
  });

  it('prints nothing of the model that a terminal would act on', async () => {
    const evil = '\u001b]0;owned\u0007\u001b[2J\u0000\u009b31m';
    const suite = `*** Test Cases ***\nEvil\n    Clear The Screen${evil}\n`;
    const env = await servers([
      { content: `Watch this ${evil}\n${fenced(suite)}` },
      { content: fenced(suite) },
      { content: fenced(suite) },
    ]);
    const file = await spec({ id: `ID${evil}`, rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out'), '--json', '--validate', 'builtin'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown keyword 'Clear The Screen]0;owned[2J31m'");
    for (const output of [run.stdout, run.stderr]) expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(run.stdout).problems[0].message).toContain('Clear The Screen\u001b]0;owned');
  });

  it('says nothing of event listeners when a reply holds more than ten tool calls', async () => {
    const calls = Array.from({ length: 12 }, (_, index) => ({
      name: 'get_file_contents',
      arguments: { file_path: `missing-${index}.robot` },
    }));
    const env = await servers([
      { toolCalls: calls },
      { toolCalls: calls.map((call) => ({ ...call, arguments: { file_path: `${call.arguments.file_path}.again` } })) },
      ANSWER,
    ]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', path.join(work, 'out')], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('MaxListenersExceededWarning');
    expect(run.stderr).not.toContain('memory leak');
  });
});

describe('smaller things', () => {
  it('fails at once with --out in a folder that refuses new folders (/proc/self)', async () => {
    const env = await servers([ANSWER]);
    const file = await spec({ id: 'A-1', rf: { target_path: 'tests/a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--out', '/proc/self'], { env, timeoutMs: HANG_MS });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/writer: cannot write \/proc\/self\/tests\/a\.robot: E[A-Z]+\n$/);
  });

  it('exits 2 on a recording that holds no model reply', async () => {
    const recording = JSON.parse(await readFile(path.join(ROOT, 'examples/demo-session.json'), 'utf8'));
    const file = path.join(work, 'no-replies.json');
    await writeFile(file, JSON.stringify({ ...recording, modelReplies: [] }));
    const run = await runCli(['replay', file, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr).at(-1)).toBe(`✗ writer: ${file} holds no model reply; there is no conversation to replay`);
  });

  it('searches a large checkout shallow folders first, in a folder of its choice, and says when it stopped', async () => {
    // 5,001 files sort before everything else; a search that walks in path order never gets past them.
    const repo = path.join(work, 'repo');
    const crowd = path.join(repo, 'aaa/crowd');
    await mkdir(crowd, { recursive: true });
    await mkdir(path.join(repo, 'zzz/deeper'), { recursive: true });
    await Promise.all(
      Array.from({ length: 5_001 }, (_, index) => writeFile(path.join(crowd, `f${String(index).padStart(4, '0')}.txt`), 'nothing here\n')),
    );
    await writeFile(path.join(repo, 'zzz/deeper/needle.robot'), 'Needle Deep Down\n');
    await writeFile(path.join(repo, 'top.robot'), 'Needle At The Top\n');
    model = await startFakeOpenAI({
      turns: [
        {
          toolCalls: [
            { name: 'search_code', arguments: { search: 'needle' } },
            { name: 'search_code', arguments: { search: 'needle', path: 'zzz' } },
          ],
        },
        ANSWER,
      ],
      apiKey: API_KEY,
    });
    const file = await spec({ id: 'A-1', rf: { target_path: 'a.robot' } });
    const run = await runCli(['generate', '--spec', file, '--repo', repo, '--out', path.join(work, 'out'), '--conventions', 'none'], {
      env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL_WRITER: 'gpt-test' },
    });
    expect(run.code).toBe(0);
    const results = (model.requests[1]?.messages ?? [])
      .filter((message) => message.role === 'tool')
      .map((message) => String(message.content));
    expect(results[0]).toBe(
      "top.robot:1: Needle At The Top\n(partial result: the search stopped after the 5000 shallowest files; search a folder with 'path' for the rest)",
    );
    expect(results[1]).toBe('zzz/deeper/needle.robot:1: Needle Deep Down');
  });
});
