// Scenario 2 (issue 5): bytes sent to the model. The real GitLab MCP server returns files
// wrapped in Files API JSON; one fixed generation reads them (and one 150 KB file) with
// result shaping and truncation each on and off. Shaping has no CLI flag, so the generation
// runs in-process with generate()'s own `shapeResults` switch.

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../src/app/generate.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { DEFAULT_MAX_TOOL_CHARS } from '../src/config/defaults.js';
import { Redactor } from '../src/output/redact.js';
import { startFakeOpenAI } from '../test/fixtures/openai-server.js';
import { sum } from './format.js';
import { FIXTURE_REPO, SPEC, readFile, readTree, scriptedTurns, serverSettings, withZereight } from './scripted-generation.js';

const BIG_FILE = 'resources/legacy_keywords.resource';
const BIG_FILE_BYTES = 150 * 1024;
/** High enough that nothing is cut: truncation off. */
const NO_TRUNCATION = 10_000_000;

const ROUNDS = [
  [readTree('', true), readFile(BIG_FILE)],
  [
    readFile('resources/common.resource'),
    readFile('resources/orders.resource'),
    readFile('tests/login/login_valid.robot'),
    readFile('tests/orders/create_order.robot'),
  ],
] as const;

const VARIANTS = [
  { label: 'shaping on, truncation on (default)', shape: true, maxToolChars: DEFAULT_MAX_TOOL_CHARS },
  { label: 'shaping off, truncation on', shape: false, maxToolChars: DEFAULT_MAX_TOOL_CHARS },
  { label: 'shaping on, truncation off', shape: true, maxToolChars: NO_TRUNCATION },
  { label: 'shaping off, truncation off', shape: false, maxToolChars: NO_TRUNCATION },
] as const;

export interface RequestBytesVariant {
  label: string;
  shape: boolean;
  maxToolChars: number;
  requestBytes: number[];
  totalBytes: number;
  truncatedChars: number;
}

export interface RequestBytesFigures {
  server: string;
  bigFileBytes: number;
  callsPerRound: number[];
  variants: RequestBytesVariant[];
}

/** A Robot Framework resource of many small keywords, about `size` bytes. */
function bigResource(size: number): string {
  const lines = ['*** Settings ***', 'Documentation     Keywords kept for old suites; do not use in new tests.', '', '*** Keywords ***'];
  let length = lines.join('\n').length;
  for (let n = 1; length < size; n++) {
    const id = String(n).padStart(4, '0');
    const keyword = [
      `Legacy Step ${id}`,
      `    [Documentation]    Performs legacy step ${id} of the old order flow.`,
      '    [Arguments]    ${order}    ${expected}=ok',
      `    Log    legacy step ${id} for \${order}`,
      `    Should Be Equal    \${expected}    ok    msg=step ${id} "failed"`,
      '',
    ];
    lines.push(...keyword);
    length += keyword.join('\n').length + 1;
  }
  return `${lines.join('\n')}\n`;
}

export async function benchRequestBytes(): Promise<RequestBytesFigures> {
  const repoDir = await mkdtemp(path.join(tmpdir(), 'writer-bench-repo-'));
  try {
    await cp(FIXTURE_REPO, repoDir, { recursive: true });
    const big = bigResource(BIG_FILE_BYTES);
    await writeFile(path.join(repoDir, BIG_FILE), big);
    return await withZereight(repoDir, async (mcpUrl) => {
      const variants: RequestBytesVariant[] = [];
      for (const variant of VARIANTS) variants.push({ ...variant, ...(await measure(mcpUrl, variant.shape, variant.maxToolChars)) });
      return {
        server: '@zereight/mcp-gitlab 2.1.64',
        bigFileBytes: Buffer.byteLength(big),
        callsPerRound: ROUNDS.map((calls) => calls.length),
        variants,
      };
    });
  } finally {
    await rm(repoDir, { recursive: true, force: true });
  }
}

async function measure(
  mcpUrl: string,
  shape: boolean,
  maxToolChars: number,
): Promise<Omit<RequestBytesVariant, 'label' | 'shape' | 'maxToolChars'>> {
  const model = await startFakeOpenAI({ turns: scriptedTurns(ROUNDS) });
  try {
    // Flags only, no environment: the host's settings cannot leak into the figures.
    const config = resolveConfig(
      {
        spec: SPEC,
        ...serverSettings(mcpUrl, model.baseURL),
        maxToolChars: String(maxToolChars),
        dryRun: true,
      },
      {},
    );
    const { result } = await generate(config, {
      emit: () => undefined,
      shapeResults: shape,
      redactor: new Redactor(config.secrets),
    });
    if (result.status !== 'ok') throw new Error(`generation failed: ${result.error ?? 'unknown error'}`);
    if (model.failures.length) throw new Error(`the scripted model refused a request: ${model.failures[0]}`);
    return { requestBytes: [...model.requestBytes], totalBytes: sum(model.requestBytes), truncatedChars: result.truncatedChars };
  } finally {
    await model.close();
  }
}
