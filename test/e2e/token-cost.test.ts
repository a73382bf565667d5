// What a suite costs (issue 15), through the real CLI: compact tool schemas, no second copy
// of the conventions, a prompt prefix that stays byte for byte the same across rounds and
// specs, usage with cached tokens and an estimated cost in every report, and the budgets
// that stop runaways (the batch's tokens, the cap on every reply).

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import {
  promptText,
  startFakeOpenAI,
  type ChatRequest,
  type FakeOpenAI,
  type ScriptedReply,
  type ScriptedTurn,
} from '../fixtures/openai-server.js';
import { ROOT, runCli, writerEnv, type CliRun } from '../helpers/run-cli.js';
import { CANCEL_ORDER_SUITE, SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const TOKEN = 'cost-mcp-token-2468';
const IDS = ['ORDER-301', 'ORDER-302', 'ORDER-303'];
const CONVENTIONS = 'doc/convention.md';
/** Where the spec begins in the first user message; everything before it is the same for every spec. */
const SPEC_START = 'Write the Robot Framework suite for this test spec.';

let mcp: TestMcpServer;
let model: FakeOpenAI | undefined;
let work: string;

beforeEach(async () => {
  mcp = await startTestMcpServer({ token: TOKEN });
  work = await mkdtemp(path.join(tmpdir(), 'writer-cost-'));
  await mkdir(path.join(work, 'specs'), { recursive: true });
  for (const id of IDS) {
    const spec = {
      id,
      title: `Order check ${id}`,
      steps: ['Log in', 'Cancel an order'],
      rf: { target_path: `tests/cost/${id.toLowerCase()}.robot` },
    };
    await writeFile(path.join(work, 'specs', `${id.toLowerCase()}.json`), JSON.stringify(spec));
  }
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await mcp.close();
  await rm(work, { recursive: true, force: true });
});

function suiteFor(id: string): string {
  return CANCEL_ORDER_SUITE.replace('ORDER-002', id);
}

function specIdOf(request: ChatRequest): string {
  return /"id": "([A-Z]+-\d+)"/.exec(String(request.messages[1]?.content))?.[1] ?? 'UNKNOWN';
}

/** Each spec: one read of a resource, then its suite. */
function perSpec(request: ChatRequest): ScriptedReply {
  if (!request.messages.some((message) => message.role === 'tool')) {
    return { toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } }] };
  }
  return { content: fenced(suiteFor(specIdOf(request))) };
}

async function startModel(turns: ScriptedTurn[]): Promise<FakeOpenAI> {
  model = await startFakeOpenAI({ turns, prefixCache: true });
  return model;
}

function run(args: string[], extra: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['generate', ...args], { cwd: work, env: writerEnv({ mcp, model, mcpToken: TOKEN }, extra) });
}

function toolMessages(request: ChatRequest | undefined): string[] {
  return (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(message.content));
}

describe('the prompt prefix', () => {
  it('is byte for byte the same across the specs of a batch up to the spec, and grows by appending within a spec', async () => {
    const server = await startModel(Array.from({ length: 8 }, () => perSpec));
    const result = await run(['--spec', 'specs', '--out', 'out', '--concurrency', '1', '--json']);
    expect(result.code).toBe(0);
    expect(server.failures).toEqual([]);

    const firsts = server.requests.filter((request) => !request.messages.some((message) => message.role === 'tool'));
    expect(firsts.map(specIdOf)).toEqual(IDS);
    const prefix = (request: ChatRequest): string => {
      const user = String(request.messages[1]?.content);
      expect(user).toContain(SPEC_START);
      return JSON.stringify([request.tools, request.messages[0], user.slice(0, user.indexOf(SPEC_START))]);
    };
    const [first, second, third] = firsts.map(prefix);
    expect(second).toBe(first);
    expect(third).toBe(first);
    // The prefix holds the tools (sorted by name), the system prompt and the whole conventions document.
    expect(firsts[0]?.tools?.map((tool) => tool.function.name)).toEqual(
      [...(firsts[0]?.tools ?? [])].map((tool) => tool.function.name).sort(),
    );
    expect(first).toContain('These rules apply to every suite in this repository.');
    expect(String(firsts[0]?.messages[0]?.content)).not.toMatch(/ORDER-3|tests\/cost/);

    // Within a spec, a round's prompt begins with the whole prompt of the round before.
    for (const id of IDS) {
      const [opening, next] = server.requests.filter((request) => specIdOf(request) === id).map(promptText);
      expect(next?.startsWith(opening ?? '-')).toBe(true);
    }

    // The scripted server reports what a prefix cache would serve, and writer reports it back.
    const report = JSON.parse(result.stdout) as {
      results: Array<{ usage: { promptTokens: number; cachedTokens: number } }>;
      usage: { cachedTokens: number };
    };
    expect(report.results.every((spec) => spec.usage.cachedTokens > 0 && spec.usage.cachedTokens < spec.usage.promptTokens)).toBe(true);
    expect(report.usage.cachedTokens).toBe(report.results.reduce((sum, spec) => sum + spec.usage.cachedTokens, 0));
    expect(result.stderr).toMatch(/^ORDER-302 +ok +out\/tests\/cost\/order-302\.robot +2 +\d+ +[1-9]\d* +\d+\.\d s$/m);
    expect(result.stderr).toMatch(/^used: \d+\+\d+ tokens \([1-9]\d* cached\)$/m);
  });
});

describe('the conventions', () => {
  it('are answered with a pointer to the first message when the model asks for them again; other reads go through', async () => {
    const server = await startModel([
      {
        toolCalls: [
          { name: 'get_file_contents', arguments: { path: `./${CONVENTIONS}` } },
          { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
        ],
      },
      { content: fenced(SELF_CONTAINED_SUITE) },
    ]);
    const result = await run(['--spec', SPEC, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const [pointer, file] = toolMessages(server.requests[1]);
    expect(pointer).toBe(
      `The conventions document \`${CONVENTIONS}\` (ref qa-fixtures) is already in the first user message, in full: read it there.`,
    );
    expect(file).toMatch(/^File resources\/orders\.resource \(ref qa-fixtures\):\n\*\*\* Settings \*\*\*/);
    // The server got writer's own read of the conventions, and the other file.
    expect(mcp.calls.map((call) => String(call.arguments.file_path ?? call.arguments.path))).toEqual([
      CONVENTIONS,
      'resources/orders.resource',
    ]);
  });
});

describe('compact tool schemas', () => {
  it("send the first sentence of each description; --full-schemas sends the server's own", async () => {
    const server = await startModel([{ content: fenced(SELF_CONTAINED_SUITE) }, { content: fenced(SELF_CONTAINED_SUITE) }]);
    expect((await run(['--spec', SPEC, '--dry-run'])).code).toBe(0);
    expect((await run(['--spec', SPEC, '--dry-run', '--full-schemas'])).code).toBe(0);
    const read = (request: ChatRequest | undefined) => request?.tools?.find((tool) => tool.function.name === 'get_file_contents')?.function;
    expect(read(server.requests[0])?.description).toBe('Get contents of a file or directory from a GitLab project.');
    expect(read(server.requests[1])?.description).toMatch(/^Get contents of a file or directory from a GitLab project\. .{40,}/);
    expect(read(server.requests[0])?.parameters).toEqual({
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'Path to the file or directory.' },
        path: { type: 'string', description: 'Alias of file_path' },
      },
    });
    expect(server.requestBytes[0]).toBeLessThan(server.requestBytes[1] ?? 0);
  });
});

describe('usage and cost', () => {
  it('puts cached tokens and the estimated cost in the final line, --json, JUnit and the transcript', async () => {
    await startModel([
      {
        toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } }],
        usage: { prompt_tokens: 2000, completion_tokens: 100 },
      },
      { content: fenced(SELF_CONTAINED_SUITE), usage: { prompt_tokens: 3000, completion_tokens: 500, cached_tokens: 2000 } },
    ]);
    const transcript = path.join(work, 'transcript.json');
    const prices = ['--price-input', '2', '--price-cached-input', '0.5', '--price-output', '8'];
    const result = await run(['--spec', SPEC, '--out', 'out', '--json', '--junit', 'report.xml', '--transcript', transcript, ...prices]);
    expect(result.code).toBe(0);
    // (3000 uncached × 2 + 2000 cached × 0.5 + 600 completion × 8) / 1e6
    const cost = 0.0118;
    expect(result.stderr).toMatch(
      /✓ wrote .* · 2 rounds, 1 tool calls, 5000\+600 tokens \(2000 cached\), ≈0\.0118 estimated cost, \d+\.\d s$/m,
    );
    const usage = JSON.parse(result.stdout).usage;
    expect(usage).toMatchObject({ promptTokens: 5000, completionTokens: 600, cachedTokens: 2000, estimated: false });
    expect(usage.estimatedCost).toBeCloseTo(cost, 10);
    const junit = await readFile(path.join(work, 'report.xml'), 'utf8');
    expect(junit).toContain('<property name="cachedTokens" value="2000"/>');
    expect(junit).toMatch(/<property name="estimatedCost" value="0\.0118\d*"\/>/);
    const record = JSON.parse(await readFile(transcript, 'utf8'));
    expect(record.summary.usage).toEqual(usage);
    expect(record.rounds.map((round: { usage: { cachedTokens: number } }) => round.usage.cachedTokens)).toEqual([0, 2000]);
    expect(record.settings.prices).toEqual({ input: 2, cachedInput: 0.5, output: 8 });
  });

  it('takes prices from writer.config.json, and refuses an input price without an output price', async () => {
    await startModel(Array.from({ length: 8 }, () => perSpec));
    await writeFile(path.join(work, 'writer.config.json'), JSON.stringify({ priceInput: 1, priceOutput: 4 }));
    const result = await run(['--spec', 'specs', '--out', 'out', '--json', '--concurrency', '1']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.usage.estimatedCost).toBeGreaterThan(0);
    expect(report.results.every((spec: { usage: { estimatedCost?: number } }) => (spec.usage.estimatedCost ?? 0) > 0)).toBe(true);
    expect(result.stderr).toMatch(/^spec +status +output +rounds +tokens +cached +cost +time$/m);
    expect(result.stderr).toMatch(/^used: \d+\+\d+ tokens \(\d+ cached\), ≈\d\.\d{4} estimated cost$/m);

    await writeFile(path.join(work, 'writer.config.json'), JSON.stringify({ priceInput: 1 }));
    const refused = await run(['--spec', 'specs', '--out', 'out']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('writer: an estimated cost needs both --price-input and --price-output (per million tokens)');
  });
});

describe('budgets', () => {
  it('--max-batch-tokens: specs not yet started are not run (exit 1), suites written stay', async () => {
    await startModel(Array.from({ length: 8 }, () => perSpecWithUsage));
    const result = await run([
      '--spec',
      'specs',
      '--out',
      'out',
      '--json',
      '--junit',
      'report.xml',
      '--concurrency',
      '1',
      '--max-batch-tokens',
      '3000',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: 1, failed: 0, notRun: 2 });
    expect(report.results.map((spec: { status: string }) => spec.status)).toEqual(['ok', 'not-run', 'not-run']);
    expect(report.results[1].error).toBe("not run: the batch's token budget is spent (3300 tokens used, --max-batch-tokens 3000)");
    expect(await readdir(path.join(work, 'out/tests/cost'))).toEqual(['order-301.robot']);
    expect(model?.requests).toHaveLength(2);
    expect(result.stderr).toMatch(/^ORDER-302 +not run +not run: the batch's token budget is spent/m);
    expect(result.stderr).toContain('1 written, 0 failed, 2 not run');
    const junit = await readFile(path.join(work, 'report.xml'), 'utf8');
    expect(junit).toContain('skipped="2"');
    expect(junit).toMatch(/name="ORDER-303"[^>]*>[\s\S]*?<skipped message="not run: the batch's token budget is spent/);
  });

  it('--max-reply-tokens goes with every request, as max_tokens or, for OpenAI, max_completion_tokens', async () => {
    const server = await startModel([{ content: fenced(SELF_CONTAINED_SUITE) }, { content: fenced(SELF_CONTAINED_SUITE) }]);
    expect((await run(['--spec', SPEC, '--dry-run'])).code).toBe(0);
    expect((await run(['--spec', SPEC, '--dry-run', '--provider', 'openai', '--max-reply-tokens', '1500'])).code).toBe(0);
    expect(server.requests[0]).toMatchObject({ max_tokens: 8192 });
    expect(server.requests[0]?.max_completion_tokens).toBeUndefined();
    expect(server.requests[1]).toMatchObject({ max_completion_tokens: 1500 });
    expect(server.requests[1]?.max_tokens).toBeUndefined();
  });

  it('a reply cut by the cap (finish_reason: length) is a failure of its own, never a suite', async () => {
    await startModel([{ content: fenced(SELF_CONTAINED_SUITE).slice(0, 120), finishReason: 'length' }]);
    const result = await run(['--spec', SPEC, '--out', 'out', '--max-reply-tokens', '40']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "writer: the model's reply was cut off at its length limit (finish_reason: length; --max-reply-tokens 40, or a full context)",
    );
    expect(await readdir(work)).not.toContain('out');
  });
});

/** perSpec with usage the budget test can count on: 1000 + 100 tokens for the read, 2000 + 200 for the suite. */
const perSpecWithUsage = (request: ChatRequest): ScriptedReply => {
  const reply = perSpec(request);
  return {
    ...reply,
    usage: reply.toolCalls ? { prompt_tokens: 1000, completion_tokens: 100 } : { prompt_tokens: 2000, completion_tokens: 200 },
  };
};
