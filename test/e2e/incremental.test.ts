// Suites kept in step with their specs, as a CI job on every push runs writer:
// the manifest, --changed-only, --update (kept hand edits, refused removals,
// "already matches", the diff of a dry run), orphans and --prune, and batch
// workers writing one manifest at once.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type ScriptedReply, type ScriptedTurn } from '../fixtures/openai-server.js';
import { ROOT, runCli, writerEnv, type CliRun } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, fenced } from '../helpers/suites.js';

const IDS = ['ORDER-101', 'ORDER-102', 'ORDER-103', 'ORDER-104', 'ORDER-105', 'ORDER-106'];
const TOKEN = 'incremental-mcp-token';
const MANIFEST = 'out/.writer/manifest.json';
const CANCEL_TARGET = 'tests/orders/cancel_order.robot';
const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const HAND_WRITTEN_TEST = `
A Hand Written Check
    [Documentation]    Added by the QA team, not by writer.
    [Tags]    manual
    Login As \${DEFAULT_USER}
    \${order}=    Create Order    \${ITEM}
    Order Status Should Be    \${order}    created
`;
const EDITED_SUITE = CANCEL_ORDER_SUITE + HAND_WRITTEN_TEST;
const TAGS = '[Tags]    ORDER-002    orders';
/** The update a good model makes: one line changed, the hand-written test case kept. */
const UPDATED_SUITE = EDITED_SUITE.replace(TAGS, `${TAGS}    smoke`);
/** The update a careless model makes: the hand-written test case gone. */
const DROPPING_SUITE = CANCEL_ORDER_SUITE.replace(TAGS, `${TAGS}    smoke`);

let mcp: TestMcpServer;
let model: FakeOpenAI | undefined;
let work: string;

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: TOKEN });
  work = await mkdtemp(path.join(tmpdir(), 'writer-incremental-'));
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp.close();
  await rm(work, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return writerEnv({ mcp, model, mcpToken: TOKEN }, extra);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function manifest(): Promise<{ format: string; suites: Record<string, Record<string, unknown>> }> {
  return JSON.parse(await readFile(path.join(work, MANIFEST), 'utf8'));
}

function userMessage(request: ChatRequest): string {
  return String(request.messages.find((message) => message.role === 'user')?.content ?? '');
}

/** The first request of each conversation: one per generation or update. */
function conversations(requests: readonly ChatRequest[]): ChatRequest[] {
  return requests.filter((request) => !request.messages.some((message) => message.role === 'assistant'));
}

// ---------------------------------------------------------------------------------------------
// Batches of six specs.

function suiteFor(id: string, title: string): string {
  return CANCEL_ORDER_SUITE.replace('ORDER-002', id).replace('Cancelling orders.', `${title}.`);
}

/** Each conversation reads a resource, then answers with its spec's suite; concurrent specs interleave. */
function answerBySpec(request: ChatRequest): ScriptedReply {
  const user = userMessage(request);
  const id = /"id": "([A-Z]+-\d+)"/.exec(user)?.[1] ?? 'UNKNOWN';
  const title = /"title": "([^"]+)"/.exec(user)?.[1] ?? 'Untitled';
  if (!request.messages.some((message) => message.role === 'tool')) {
    return { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } }], latencyMs: 20 };
  }
  return { content: fenced(suiteFor(id, title)), latencyMs: 20 };
}

async function writeSpecs(ids: readonly string[] = IDS): Promise<void> {
  await mkdir(path.join(work, 'specs'), { recursive: true });
  for (const id of ids)
    await writeSpec(id, {
      id,
      title: `Order check ${id}`,
      steps: ['Log in', 'Create an order'],
      rf: { target_path: `tests/batch/${id.toLowerCase()}.robot` },
    });
}

async function writeSpec(id: string, spec: Record<string, unknown>, indent?: number): Promise<void> {
  await writeFile(path.join(work, 'specs', `${id.toLowerCase()}.json`), JSON.stringify(spec, null, indent));
}

/** generate over the specs folder; built-in checks only, so six suites do not start six Python processes per run. */
function batch(...args: string[]): Promise<CliRun> {
  return runCli(['generate', '--spec', 'specs', '--out', 'out', '--validate', 'builtin', ...args], { cwd: work, env: env() });
}

function batchSuite(id: string): string {
  return path.join(work, 'out/tests/batch', `${id.toLowerCase()}.robot`);
}

describe('the manifest and --changed-only', () => {
  beforeEach(async () => {
    model = await startFakeOpenAI({ turns: Array.from({ length: 60 }, () => answerBySpec) });
    await writeSpecs();
  });

  it('records every suite written, then regenerates only the spec that changed: 1 conversation for 6 specs', async () => {
    const first = await batch('--concurrency', '3');
    expect(first.code).toBe(0);
    const recorded = await manifest();
    expect(recorded.format).toBe('writer-manifest/1');
    expect(Object.keys(recorded.suites)).toEqual(IDS.map((id) => `tests/batch/${id.toLowerCase()}.robot`));
    const entry = recorded.suites['tests/batch/order-101.robot'];
    expect(entry).toMatchObject({ spec: 'specs/order-101.json', specId: 'ORDER-101', model: 'gpt-test', writer: VERSION });
    expect(entry?.suiteHash).toBe(sha256(await readFile(batchSuite('ORDER-101'))));
    expect(entry?.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.now() - Date.parse(String(entry?.date))).toBeLessThan(120_000);
    expect(conversations(model?.requests ?? [])).toHaveLength(6);

    // One spec changed; another only reformatted (keys reordered, indented), which is no change.
    await writeSpec('ORDER-103', {
      id: 'ORDER-103',
      title: 'Order check ORDER-103, cancelled',
      steps: ['Log in', 'Create an order', 'Cancel it'],
      rf: { target_path: 'tests/batch/order-103.robot' },
    });
    await writeSpec(
      'ORDER-101',
      {
        rf: { target_path: 'tests/batch/order-101.robot' },
        steps: ['Log in', 'Create an order'],
        title: 'Order check ORDER-101',
        id: 'ORDER-101',
      },
      4,
    );
    const before = model?.requests.length ?? 0;
    const second = await batch('--changed-only', '--json', '--junit', 'report.xml');

    expect(second.code).toBe(0);
    expect(model?.failures).toEqual([]);
    const sent = (model?.requests ?? []).slice(before);
    expect(conversations(sent)).toHaveLength(1);
    expect(sent.every((request) => userMessage(request).includes('"id": "ORDER-103"'))).toBe(true);
    expect(await readFile(batchSuite('ORDER-103'), 'utf8')).toBe(suiteFor('ORDER-103', 'Order check ORDER-103, cancelled'));

    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ ok: 1, failed: 0, skipped: 5, orphans: [] });
    const statuses = Object.fromEntries(report.results.map((result: { spec: string; status: string }) => [result.spec, result.status]));
    expect(statuses).toEqual(
      Object.fromEntries(IDS.map((id) => [`specs/${id.toLowerCase()}.json`, id === 'ORDER-103' ? 'ok' : 'skipped'])),
    );
    const skipped = report.results.find((result: { spec: string }) => result.spec === 'specs/order-101.json');
    expect(skipped).toMatchObject({ status: 'skipped', output: batchSuite('ORDER-101'), rounds: 0, error: null });
    expect(second.stderr).toMatch(/^ORDER-101 +skipped \(up to date\) +out\/tests\/batch\/order-101\.robot +0 +0 +0 +\d+\.\d s$/m);
    expect(second.stderr).toMatch(/^ORDER-103 +ok \(updated\) +out\/tests\/batch\/order-103\.robot/m);
    expect(second.stderr).toContain('1 written, 5 skipped (up to date), 0 failed');

    const junit = await readFile(path.join(work, 'report.xml'), 'utf8');
    expect(junit).toContain('tests="6" failures="0" errors="0" skipped="5"');
    expect(junit.match(/<skipped message="up to date \(--changed-only\)"\/>/g)).toHaveLength(5);
    // The one generated spec is a plain testcase: its usage as properties, neither skipped nor failed.
    const generated = /<testcase classname="writer.generate" name="ORDER-103" [^>]*>[\s\S]*?<\/testcase>/.exec(junit)?.[0] ?? '';
    expect(generated).toContain('<property name="promptTokens"');
    expect(generated).not.toMatch(/<skipped|<failure/);

    // The changed spec's entry follows the spec and the suite now on disk.
    const after = (await manifest()).suites['tests/batch/order-103.robot'];
    expect(after?.suiteHash).toBe(sha256(await readFile(batchSuite('ORDER-103'))));
    expect(after?.specHash).not.toBe(recorded.suites['tests/batch/order-103.robot']?.specHash);
  });

  it('opens no MCP session and sends no model request when every suite is up to date', async () => {
    expect((await batch()).code).toBe(0);
    const requests = model?.requests.length ?? 0;
    const httpRequests = mcp.httpRequests.length;
    const run = await batch('--changed-only');
    expect(run.code).toBe(0);
    expect(model?.requests).toHaveLength(requests);
    expect(mcp.httpRequests).toHaveLength(httpRequests);
    expect(run.stderr).toContain('0 written, 6 skipped (up to date), 0 failed');
  });

  it('does not skip a suite edited since it was written: it is updated, and the model sees the edit', async () => {
    expect((await batch()).code).toBe(0);
    await writeFile(batchSuite('ORDER-102'), (await readFile(batchSuite('ORDER-102'), 'utf8')) + '# reviewed by hand\n');
    const before = model?.requests.length ?? 0;
    const run = await batch('--changed-only', '--json');
    expect(run.code).toBe(0);
    const sent = conversations((model?.requests ?? []).slice(before));
    expect(sent).toHaveLength(1);
    expect(userMessage(sent[0] as ChatRequest)).toContain('Update the existing Robot Framework suite `tests/batch/order-102.robot`');
    expect(userMessage(sent[0] as ChatRequest)).toContain('# reviewed by hand');
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: 1, skipped: 5 });
  });

  it('loses no entry when two batch workers write the manifest at once', async () => {
    const [one, two] = await Promise.all([batch('--concurrency', '3', '--shard', '1/2'), batch('--concurrency', '3', '--shard', '2/2')]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const suites = (await manifest()).suites;
    expect(Object.keys(suites).sort()).toEqual(IDS.map((id) => `tests/batch/${id.toLowerCase()}.robot`));
    for (const id of IDS) expect(suites[`tests/batch/${id.toLowerCase()}.robot`]?.suiteHash).toBe(sha256(await readFile(batchSuite(id))));
  });

  it('lists suites whose spec went away at the end of a batch; --prune deletes them only when unchanged', async () => {
    expect((await batch()).code).toBe(0);
    await unlink(path.join(work, 'specs/order-105.json'));
    await unlink(path.join(work, 'specs/order-106.json'));
    await writeFile(batchSuite('ORDER-106'), (await readFile(batchSuite('ORDER-106'), 'utf8')) + '# kept by the team\n');

    const listed = await batch('--changed-only', '--json');
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('2 orphaned suite(s) in out, whose spec went away:');
    expect(listed.stderr).toContain(
      'out/tests/batch/order-105.robot (spec specs/order-105.json, ORDER-105, no longer exists): delete it with --prune',
    );
    expect(JSON.parse(listed.stdout).orphans).toEqual([
      {
        target: 'tests/batch/order-105.robot',
        spec: 'specs/order-105.json',
        specId: 'ORDER-105',
        reason: 'spec-missing',
        action: 'listed',
      },
      {
        target: 'tests/batch/order-106.robot',
        spec: 'specs/order-106.json',
        specId: 'ORDER-106',
        reason: 'spec-missing',
        action: 'listed',
      },
    ]);
    await stat(batchSuite('ORDER-105'));

    const pruned = await batch('--changed-only', '--prune');
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toContain('out/tests/batch/order-105.robot (spec specs/order-105.json, ORDER-105, no longer exists): deleted');
    expect(pruned.stderr).toContain(
      'out/tests/batch/order-106.robot (spec specs/order-106.json, ORDER-106, no longer exists): kept: edited since it was written',
    );
    await expect(stat(batchSuite('ORDER-105'))).rejects.toThrow();
    expect(await readFile(batchSuite('ORDER-106'), 'utf8')).toContain('# kept by the team');
    const suites = (await manifest()).suites;
    expect(Object.keys(suites)).not.toContain('tests/batch/order-105.robot');
    expect(Object.keys(suites)).toContain('tests/batch/order-106.robot');
  });

  it('refuses a manifest that is not one (exit 2) before any model request', async () => {
    await mkdir(path.join(work, 'out/.writer'), { recursive: true });
    await writeFile(path.join(work, MANIFEST), '{"suites": [');
    const run = await batch('--changed-only');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^writer: out\/\.writer\/manifest\.json: the manifest is not valid JSON \(.*\); delete it to start a new one$/m,
    );
    expect(model?.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// --update of one suite, with the fixture spec.

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');

async function placeSuite(text: string | Buffer): Promise<string> {
  const file = path.join(work, 'out', CANCEL_TARGET);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** Update conversations, one turn each: the request must carry the suite as it is (`mustSee`); the answer is `reply`. */
function updateTurns(reply: string, mustSee: string, conversations = 1): ScriptedTurn[] {
  return Array.from({ length: conversations }, () => ({
    content: reply,
    expect: (request: ChatRequest) => {
      const user = userMessage(request);
      if (!user.includes('Update the existing Robot Framework suite `tests/orders/cancel_order.robot`'))
        throw new Error('not an update prompt');
      if (!user.includes(mustSee)) throw new Error(`the update prompt lacks ${JSON.stringify(mustSee)}`);
    },
  }));
}

describe('writer generate --update', () => {
  it('keeps a hand-added test case: the smallest change is written and reported', async () => {
    const file = await placeSuite(EDITED_SUITE);
    model = await startFakeOpenAI({ turns: updateTurns(fenced(UPDATED_SUITE), 'A Hand Written Check') });
    const run = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--json'], { cwd: work, env: env() });
    expect(run.stderr).toContain('updated');
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(UPDATED_SUITE);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', output: file, changed: true, added: [], removed: [] });
    expect((await manifest()).suites[CANCEL_TARGET]).toMatchObject({
      spec: path.relative(work, SPEC),
      specId: 'ORDER-002',
      suiteHash: sha256(UPDATED_SUITE),
    });
  });

  it('refuses an update whose model drops a hand-added test case (exit 1, file untouched), unless the spec or --allow-removals allows it', async () => {
    const file = await placeSuite(EDITED_SUITE);
    model = await startFakeOpenAI({ turns: updateTurns(fenced(DROPPING_SUITE), 'A Hand Written Check', 2) });
    const refused = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--json'], { cwd: work, env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "writer: the update removes test case 'A Hand Written Check', which the spec does not ask to remove (rf.remove); tests/orders/cancel_order.robot is left as it was (--allow-removals accepts the update)",
    );
    expect(await readFile(file, 'utf8')).toBe(EDITED_SUITE);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      status: 'failed',
      output: null,
      changed: true,
      removed: [{ kind: 'test', name: 'A Hand Written Check' }],
    });

    // The spec asks for the removal, by name as Robot Framework matches names.
    const spec = JSON.parse(await readFile(SPEC, 'utf8'));
    await mkdir(path.join(work, 'specs'), { recursive: true });
    await writeFile(
      path.join(work, 'specs/cancel-order.json'),
      JSON.stringify({ ...spec, rf: { ...spec.rf, remove: ['a hand_written check'] } }),
    );
    const asked = await runCli(['generate', '--spec', 'specs/cancel-order.json', '--out', 'out', '--update'], { cwd: work, env: env() });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain("! the update removes test case 'A Hand Written Check'");
    expect(await readFile(file, 'utf8')).toBe(DROPPING_SUITE);
  });

  it('accepts the removal with --allow-removals', async () => {
    const file = await placeSuite(EDITED_SUITE);
    model = await startFakeOpenAI({ turns: updateTurns(fenced(DROPPING_SUITE), 'A Hand Written Check') });
    const run = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--allow-removals'], { cwd: work, env: env() });
    expect(run.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(DROPPING_SUITE);
  });

  it('leaves a suite that already matches byte for byte and refreshes its manifest entry', async () => {
    // Line ends and trailing spaces a normalised rewrite would change.
    const bytes = Buffer.from(EDITED_SUITE.replace(/\n/g, '  \r\n'), 'utf8');
    const file = await placeSuite(bytes);
    const { mtimeMs } = await stat(file);
    model = await startFakeOpenAI({
      turns: updateTurns('The suite already covers every step of the spec.\n\n`SUITE_ALREADY_MATCHES`', 'A Hand Written Check'),
    });
    const run = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--json'], { cwd: work, env: env() });
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    expect(run.stderr).toContain(`✓ ${file}: already matches the spec, left as it is · 1 rounds`);
    expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
    expect((await stat(file)).mtimeMs).toBe(mtimeMs);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ok', output: file, changed: false, added: [], removed: [] });
    expect((await manifest()).suites[CANCEL_TARGET]).toMatchObject({ suiteHash: sha256(bytes), specId: 'ORDER-002' });

    // Refreshed: the next --changed-only run finds it up to date and asks the model nothing.
    const again = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--changed-only', '--json'], { cwd: work, env: env() });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'skipped', output: file, rounds: 0 });
    expect(again.stderr).toContain(`skipped (up to date): ${file}`);
    expect(model.requests).toHaveLength(1);
  });

  it('prints a unified diff on a dry run and writes nothing', async () => {
    const file = await placeSuite(EDITED_SUITE);
    model = await startFakeOpenAI({ turns: updateTurns(fenced(UPDATED_SUITE), 'A Hand Written Check', 2) });
    const run = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--dry-run'], { cwd: work, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '--- a/tests/orders/cancel_order.robot',
        '+++ b/tests/orders/cancel_order.robot',
        '@@ -11,7 +11,7 @@',
        ' *** Test Cases ***',
        ' A Cancelled Order Shows The Status Cancelled',
        '     [Documentation]    A cancelled order has the status cancelled.',
        '-    [Tags]    ORDER-002    orders',
        '+    [Tags]    ORDER-002    orders    smoke',
        '     Login As ${DEFAULT_USER}',
        '     ${order}=    Create Order    ${ITEM}',
        '     Cancel Order    ${order}',
        '',
      ].join('\n'),
    );
    expect(await readFile(file, 'utf8')).toBe(EDITED_SUITE);
    await expect(stat(path.join(work, MANIFEST))).rejects.toThrow();

    const json = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--dry-run', '--json'], { cwd: work, env: env() });
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'ok',
      output: null,
      changed: true,
      added: [],
      removed: [],
      content: UPDATED_SUITE,
      diff: run.stdout,
    });
  });

  it('updates the suite as it is in the repository when the output folder has none', async () => {
    await mcp.close();
    mcp = await startTestMcpServer({ token: TOKEN, extraFiles: { [CANCEL_TARGET]: EDITED_SUITE } });
    model = await startFakeOpenAI({ turns: updateTurns(fenced(UPDATED_SUITE), 'A Hand Written Check') });
    const run = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--json'], { cwd: work, env: env() });
    expect(run.code).toBe(0);
    expect(model.failures).toEqual([]);
    expect(run.stderr).toContain('updating tests/orders/cancel_order.robot as it is in the repository');
    expect(mcp.calls.some((call) => call.arguments.file_path === CANCEL_TARGET)).toBe(true);
    expect(await readFile(path.join(work, 'out', CANCEL_TARGET), 'utf8')).toBe(UPDATED_SUITE);
    expect(JSON.parse(run.stdout)).toMatchObject({ changed: true, added: [], removed: [] });
  });

  it('refuses --force with --update, and --prune for a single spec (exit 2)', async () => {
    const both = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--update', '--force'], { cwd: work, env: env() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('writer: --force and --update are exclusive');
    const prune = await runCli(['generate', '--spec', SPEC, '--out', 'out', '--prune'], { cwd: work, env: env() });
    expect(prune.code).toBe(2);
    expect(prune.stderr).toContain('writer: --prune deletes the orphaned suites of a batch');
  });
});
