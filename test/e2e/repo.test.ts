// writer generate --repo end to end: the real CLI serves a local checkout
// through its embedded MCP server to the scripted OpenAI-compatible server.

import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { runCli, ROOT } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const REPO = path.join(ROOT, 'examples/robot-repo');
const API_KEY = 'sk-test-key-5678';

let model: FakeOpenAI | undefined;
let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'writer-repo-'));
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await rm(temp, { recursive: true, force: true });
});

async function scripted(turns: ScriptedTurn[]): Promise<FakeOpenAI> {
  model = await startFakeOpenAI({ turns, apiKey: API_KEY, models: ['gpt-test'] });
  return model;
}

function settings(): Record<string, string> {
  return { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model?.baseURL ?? 'http://127.0.0.1:9/v1', OPENAI_MODEL_WRITER: 'gpt-test' };
}

function toolMessages(request: ChatRequest | undefined): string[] {
  return (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(message.content));
}

describe('writer generate --repo', () => {
  it('serves the checkout through get_repository_tree, get_file_contents and search_code, with no MCP server', async () => {
    const server = await scripted([
      {
        toolCalls: [
          { name: 'get_repository_tree', arguments: { path: 'tests', recursive: true } },
          { name: 'get_file_contents', arguments: { path: 'resources/orders.resource', project_id: '7', ref: 'main' } },
          { name: 'search_code', arguments: { search: 'order status should be' } },
        ],
      },
      { content: fenced(CANCEL_ORDER_SUITE) },
    ]);
    const out = path.join(temp, 'out');
    const run = await runCli(['generate', '--spec', SPEC, '--repo', REPO, '--out', out], { env: settings() });

    expect(run.stderr).toContain('writer-local-repo');
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(CANCEL_ORDER_SUITE);

    const first = server.requests[0];
    expect((first?.tools ?? []).map((tool) => tool.function.name).sort()).toEqual([
      'get_file_contents',
      'get_repository_tree',
      'search_code',
    ]);
    // writer read the conventions itself, from the checkout.
    expect(String(first?.messages[1]?.content)).toContain('These rules apply to every suite in this repository.');

    const [tree, file, search] = toolMessages(server.requests[1]);
    // The tree as one path a line, folders ending in /.
    expect(tree).toBe(['tests/login/', 'tests/login/login_valid.robot', 'tests/orders/', 'tests/orders/create_order.robot'].join('\n'));
    expect(file).toBe(`File resources/orders.resource:\n${await readFile(path.join(REPO, 'resources/orders.resource'), 'utf8')}`);
    expect(search).toMatch(/^resources\/orders\.resource:\d+: Order Status Should Be$/m);
    expect(search).toMatch(/^tests\/orders\/create_order\.robot:\d+: Order Status Should Be {4}\$\{order\} {4}created$/m);
  });

  it('answers paths that leave the checkout with errors and never sends their content', async () => {
    const repo = path.join(temp, 'repo');
    await cp(REPO, repo, { recursive: true });
    const secret = `outside-secret-${randomBytes(8).toString('hex')}`;
    const outside = path.join(temp, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), `${secret}\n`);
    await symlink(path.join(outside, 'secret.txt'), path.join(repo, 'tests/leak.robot'));
    await symlink(outside, path.join(repo, 'linked'));
    await mkdir(path.join(repo, '.git'));
    await writeFile(path.join(repo, '.git/config'), `[remote] ${secret}\n`);
    const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
    const hostname = (await readFile('/etc/hostname', 'utf8').catch(() => '')).trim();

    const server = await scripted([
      {
        toolCalls: [
          { name: 'get_file_contents', arguments: { file_path: '../../../../etc/passwd' } },
          { name: 'get_file_contents', arguments: { file_path: '/etc/hostname' } },
          { name: 'get_file_contents', arguments: { file_path: 'tests/leak.robot' } },
          { name: 'get_file_contents', arguments: { path: 'linked/secret.txt' } },
          { name: 'get_file_contents', arguments: { file_path: '.git/config' } },
          { name: 'get_repository_tree', arguments: { path: '..' } },
          { name: 'get_repository_tree', arguments: { path: 'linked' } },
        ],
      },
      {
        toolCalls: [
          { name: 'get_repository_tree', arguments: { recursive: true } },
          { name: 'search_code', arguments: { search: 'outside-secret' } },
        ],
      },
      { content: fenced(CANCEL_ORDER_SUITE) },
    ]);
    const run = await runCli(['generate', '--spec', SPEC, '--repo', repo, '--out', path.join(temp, 'out')], { env: settings() });
    expect(run.code).toBe(0);
    expect(server.failures).toEqual([]);

    const refused = toolMessages(server.requests[1]);
    expect(refused).toHaveLength(7);
    expect(refused[0]).toMatch(/^ERROR: '..\/..\/..\/..\/etc\/passwd' contains '..'/);
    expect(refused[1]).toMatch(/^ERROR: '\/etc\/hostname' is an absolute path/);
    expect(refused[2]).toMatch(/^ERROR: 'tests\/leak.robot' leads outside the repository/);
    expect(refused[3]).toMatch(/^ERROR: 'linked\/secret.txt' leads outside the repository/);
    expect(refused[4]).toMatch(/^ERROR: '.git\/config' is not served/);
    expect(refused[5]).toMatch(/^ERROR: '..' contains '..'/);
    expect(refused[6]).toMatch(/^ERROR: 'linked' leads outside the repository/);

    const [tree, search] = toolMessages(server.requests[2]).slice(-2);
    const listed = (tree ?? '').split('\n');
    expect(listed).toContain('tests/orders/create_order.robot');
    expect(listed.filter((entry) => /leak|linked|\.git/.test(entry))).toEqual([]);
    expect(search).toBe("no match for 'outside-secret'");

    const sent = JSON.stringify(server.requests);
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain('root:x:0:0');
    if (passwd) expect(sent).not.toContain(passwd.split('\n')[0]);
    if (hostname.length >= 6) expect(sent).not.toContain(hostname);
  });

  it('exits 2 when --repo comes with --mcp-url, or names no folder', async () => {
    const both = await runCli(['generate', '--spec', SPEC, '--repo', REPO, '--mcp-url', 'http://127.0.0.1:9/mcp'], { env: settings() });
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(
      'writer: --repo and --mcp-url (or GITLAB_MCP_URL) are exclusive: --repo serves a local checkout in place of an MCP server',
    );

    const fromEnv = await runCli(['generate', '--spec', SPEC, '--repo', REPO], {
      env: { ...settings(), GITLAB_MCP_URL: 'http://127.0.0.1:9/mcp' },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('are exclusive');

    const missing = await runCli(['generate', '--spec', SPEC, '--repo', path.join(temp, 'nope'), '--out', temp], { env: settings() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--repo ${path.join(temp, 'nope')}: no such folder`);
  });
});
