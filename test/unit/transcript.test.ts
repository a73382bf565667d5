import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GenerateConfig } from '../../src/config/resolve-config.js';
import { TranscriptRecorder, type TranscriptOutcome } from '../../src/output/transcript.js';
import { Redactor } from '../../src/output/redact.js';

// A secret that JSON escapes: a redactor run over the serialized text would miss it.
const SECRET = 'sk-"quoted\\secret';

const CONFIG = {
  spec: 'specs/a.json',
  specPatterns: ['specs/a.json'],
  batch: { concurrency: 1 },
  out: 'generated',
  mcp: { url: 'http://mcp.example/mcp', headers: { Authorization: `Bearer ${SECRET}` } },
  tools: { projectId: '42', ref: 'main', inject: {}, policy: { allowWriteTools: false, allow: [], deny: [] } },
  model: { name: 'gpt-test', apiKey: SECRET, temperature: 0.1, retries: 2, timeoutMs: 1000, maxRetryWaitMs: 60_000 },
  conventionsPath: null,
  limits: { maxRounds: 3, toolConcurrency: 2, toolTimeoutMs: 1000, maxToolChars: 1000, repairRounds: 1 },
  validate: 'builtin',
  robot: { variables: [], languages: [] },
  dryRun: false,
  json: false,
  force: false,
  secrets: [SECRET, `Bearer ${SECRET}`],
} as GenerateConfig;

const OUTCOME: TranscriptOutcome = {
  status: 'failed',
  spec: 'specs/a.json',
  output: null,
  rounds: 1,
  toolCalls: 2,
  repeatsAvoided: 0,
  truncatedChars: 0,
  usage: { promptTokens: 30, completionTokens: 5, cachedTokens: 20, estimated: false, estimatedCost: 0.000065 },
  durationMs: 40,
  error: 'interrupted',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'writer-transcript-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TranscriptRecorder', () => {
  it('pairs parallel results with their calls by id and splits usage per round, cached tokens too', () => {
    let clock = 1000;
    const recorder = new TranscriptRecorder(CONFIG, new Redactor(CONFIG.secrets), () => clock);
    recorder.record({ type: 'round-start', round: 1, phase: 'explore' });
    clock += 20;
    recorder.record({ type: 'round-end', round: 1, promptTokens: 30, completionTokens: 5, cachedTokens: 0 });
    recorder.record({ type: 'tool-call', round: 1, id: 'a', name: 'read', arguments: { path: 'x' }, repeated: false });
    recorder.record({ type: 'tool-call', round: 1, id: 'b', name: 'read', arguments: { path: 'y' }, repeated: false });
    clock += 5;
    recorder.record({ type: 'tool-result', id: 'b', name: 'read', isError: true, chars: 7, truncatedChars: 0, durationMs: 5 });
    clock += 5;
    recorder.record({ type: 'tool-result', id: 'a', name: 'read', isError: false, chars: 11, truncatedChars: 2, durationMs: 10 });
    const transcript = recorder.transcript(OUTCOME);
    expect(transcript.toolCalls.map((call) => [call.id, call.chars, call.isError, call.durationMs])).toEqual([
      ['a', 11, false, 10],
      ['b', 7, true, 5],
    ]);
    recorder.record({ type: 'round-start', round: 2, phase: 'explore' });
    recorder.record({ type: 'round-end', round: 2, promptTokens: 70, completionTokens: 9, cachedTokens: 24 });
    expect(transcript.rounds[0]).toEqual({
      round: 1,
      phase: 'explore',
      startedAtMs: 0,
      modelMs: 20,
      toolsMs: 10,
      usage: { promptTokens: 30, completionTokens: 5, cachedTokens: 0 },
      toolCalls: 2,
    });
    expect(recorder.transcript(OUTCOME).rounds[1]?.usage).toEqual({ promptTokens: 40, completionTokens: 4, cachedTokens: 24 });
    expect(recorder.transcript(OUTCOME).summary.usage).toEqual(OUTCOME.usage);
  });

  it('writes no secret, however JSON escapes it', async () => {
    const recorder = new TranscriptRecorder(CONFIG, new Redactor(CONFIG.secrets));
    recorder.record({ type: 'message', message: { role: 'user', content: `the key is ${SECRET}` } });
    recorder.record({ type: 'tool-call', round: 1, id: 'a', name: 'search', arguments: { [SECRET]: SECRET }, repeated: false });
    const file = path.join(dir, 'nested', 't.json');
    await recorder.write(file, OUTCOME);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('quoted');
    expect(JSON.parse(text).messages[0].content).toBe('the key is [redacted]');
    expect(JSON.parse(text).toolCalls[0].arguments).toEqual({ '[redacted]': '[redacted]' });
    expect(JSON.parse(text).settings.mcpHeaders).toEqual(['Authorization']);
    expect(await readdir(path.join(dir, 'nested'))).toEqual(['t.json']);
  });
});
