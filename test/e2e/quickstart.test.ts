// The README as a new user follows it. Its first block, in a new test
// repository: install writer (the packed tarball stands in for the registry,
// where it is not published from here), `writer init` answered on a terminal,
// `writer generate` against the test servers. Its Development block, on a copy
// of the working tree (uncommitted work cannot be cloned).

import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fixtures/openai-server.js';
import { installInto, manifest, packWriter, sh, userEnv } from '../helpers/packed-writer.js';
import { ROOT } from '../helpers/run-cli.js';
import { runOnTerminal } from '../helpers/run-on-terminal.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const MCP_TOKEN = 'mcp-secret-token-quickstart-5566';
const API_KEY = 'sk-quickstart-key-7788';

/** The commands of a README ```sh block, continuation lines joined and comments dropped. */
function commandsOf(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

async function shellBlocks(): Promise<{ first: string[]; development: string[] }> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  const development = /\n## Development\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (first === undefined || development === undefined) throw new Error('README.md lacks its first ```sh block or the Development one');
  return { first: commandsOf(first), development: commandsOf(development) };
}

/** A fresh clone's files: the tracked ones and the new ones git does not ignore. */
async function copyWorkingTree(to: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    // Deleted but still tracked files are listed too.
    if (!(await stat(from).catch(() => undefined))?.isFile()) continue;
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(from, path.join(to, file));
  }
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'writer-quickstart-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the README's first screen, in a test repository", () => {
  let mcp: TestMcpServer;
  let model: FakeOpenAI;

  beforeAll(async () => {
    mcp = await startTestMcpServer({ token: MCP_TOKEN });
    // Doctor's probe (run by init), then the generation's answer.
    model = await startFakeOpenAI({
      turns: [{ content: 'OK' }, { content: fenced(CANCEL_ORDER_SUITE) }],
      apiKey: API_KEY,
      models: ['gpt-test'],
    });
  });

  afterAll(async () => {
    await model.close();
    await mcp.close();
  });

  // The terminal is Python's pty module: skipped without python3.
  it.runIf(inject('python3'))(
    'installs writer, sets it up with writer init on a terminal, and generates the example spec',
    async () => {
      const { first } = await shellBlocks();
      const { name } = await manifest();
      expect(first).toEqual([`npm i -D ${name}`, 'npx writer init', 'npx writer generate']);
      const repository = path.join(work, 'qa-robot-tests');
      // The secrets, and where the scripted model listens, as a user's shell would have them.
      const env = userEnv({ GITLAB_MCP_TOKEN: MCP_TOKEN, OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseURL });

      // npm i -D <name>: the same install, of the packed tarball.
      const packed = await packWriter(work);
      const install = await installInto(repository, packed.tarball);
      expect(install.code, install.stderr).toBe(0);

      // npx writer init, answered as a person would.
      const init = await runOnTerminal(
        ['sh', '-c', first[1] as string],
        [
          { expect: 'MCP server URL', send: `${mcp.url}\r` },
          { expect: 'GitLab project', send: '42\r' },
          { expect: 'Branch, tag or commit to read [main]: ', send: 'qa-fixtures\r' },
          { expect: 'Chat model', send: 'gpt-test\r' },
        ],
        { cwd: repository, env, timeoutMs: 60_000 },
      );
      expect(init.stalled, init.output).toBeNull();
      expect(init.code, init.output).toBe(0);
      expect(init.output).toContain('wrote writer.config.json\nwrote specs/example.json\nwrote .gitlab-ci.yml\n');
      expect(init.output).toMatch(/writer doctor:\n✓ settings: [^\n]+\n✓ MCP server: [^\n]+\n✓ MCP auth: /);
      expect(init.output).toContain('✓ tool request: ');

      // npx writer generate: no flags, everything from writer.config.json and the environment.
      const generate = await sh(first[2] as string, repository, env);
      expect(generate.code, generate.stderr).toBe(0);
      expect(await readFile(path.join(repository, 'generated/tests/orders/cancel_order.robot'), 'utf8')).toBe(CANCEL_ORDER_SUITE);
      expect(mcp.calls.map((call) => [call.arguments.project_id, call.arguments.ref])).toContainEqual(['42', 'qa-fixtures']);
      expect(model.failures).toEqual([]);
      expect(init.output + generate.stdout + generate.stderr).not.toContain(API_KEY);
    },
    240_000,
  );
});

describe("the README's Development block, on a fresh clone", () => {
  it('runs the demo: a suite under generated/, replayed model replies', async () => {
    const { development } = await shellBlocks();
    const { repository } = await manifest();
    const clone = path.join(work, 'writer');
    // Each command the block gives, and how this test stands in for those it cannot run as written.
    const [cloneCommand, install, ...rest] = development;
    expect(cloneCommand).toBe(`git clone ${repository.url.replace(/^git\+/, '')} && cd writer`);
    await copyWorkingTree(clone);
    // `npm ci` would download every package again: the clone borrows this checkout's node_modules.
    expect(install).toBe('npm ci');
    await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    // `npm test` is this very run, `npm run lint` does not pass before the code base is formatted, and the benchmark takes minutes: all left out.
    expect(rest).toEqual(['npm run demo', 'npm test', 'npm run lint', 'npm run bench']);
    expect(await stat(path.join(clone, 'dist')).catch(() => undefined)).toBeUndefined();

    const demo = await sh('npm run demo', clone, userEnv({ CI: 'true' }));
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain("the model's replies are replayed from a recording (examples/demo-session.json");
    const suite = await readFile(path.join(clone, 'generated/tests/orders/cancel_order.robot'), 'utf8');
    expect(suite).toMatch(/^\*\*\* Settings \*\*\*/);
    expect(suite).toContain('[Tags]    ORDER-002    orders');

    // A second run keeps the suite and says how to overwrite it.
    const again = await sh('node bin/writer.js demo', clone, userEnv({ CI: 'true' }));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists from an earlier demo; overwrite it with: npx writer demo --force');
  }, 120_000);
});
