// writer init end to end: the real CLI in an empty folder, from flags without a
// terminal and answered on a pseudo-terminal, then writer doctor against the
// SDK-built MCP server and the scripted OpenAI-compatible server.

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../../src/config/config-file.js';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fixtures/openai-server.js';
import { CLI, ROOT, cliEnv, runCli } from '../helpers/run-cli.js';
import { runOnTerminal } from '../helpers/run-on-terminal.js';

const MCP_TOKEN = 'mcp-secret-token-init-7788';
const API_KEY = 'sk-init-key-9900';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'writer-init-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (file: string): Promise<string> => readFile(path.join(dir, file), 'utf8');

function init(flags: string[], env: Record<string, string | undefined> = {}): ReturnType<typeof runCli> {
  return runCli(['init', ...flags], { cwd: dir, env });
}

/** The settings schema, compiled as a team's editor or CI would check the file. */
async function schemaCheck(config: unknown): Promise<unknown> {
  const schema = JSON.parse(await readFile(path.join(ROOT, 'schemas/settings.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validate(config) ? [] : validate.errors;
}

interface CiJob {
  image: string | { name: string; entrypoint: string[] };
  when?: string;
  script: string[];
  artifacts: { when: string; paths: string[]; reports: { junit: string } };
}

function jobOf(yamlText: string): CiJob {
  const pipeline = parse(yamlText) as Record<string, CiJob>;
  expect(Object.keys(pipeline)).toEqual(['generate-suites']);
  return pipeline['generate-suites'] as CiJob;
}

describe('writer init without a terminal', () => {
  it('writes the config, the example spec and the CI job from --yes and flags; the config passes the schema and the loader', async () => {
    // A secret in the environment never reaches a file.
    const run = await init(
      ['--yes', '--mcp-url', 'https://gitlab-mcp.example/mcp', '--project-id', 'qa/robot-tests', '--model', 'gpt-4.1'],
      {
        GITLAB_MCP_TOKEN: MCP_TOKEN,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote writer.config.json\nwrote specs/example.json\nwrote .gitlab-ci.yml\n');
    expect(run.stdout).toContain('set OPENAI_API_KEY and GITLAB_MCP_TOKEN in the environment');

    const config = JSON.parse(await read('writer.config.json')) as Record<string, unknown>;
    expect(config).toEqual({
      mcpUrl: 'https://gitlab-mcp.example/mcp',
      projectId: 'qa/robot-tests',
      ref: 'main',
      model: 'gpt-4.1',
      spec: 'specs/**/*.json',
      out: 'generated',
    });
    expect(await schemaCheck(config)).toEqual([]);
    expect(await loadConfigFile(undefined, {}, dir)).toEqual(config);

    expect(await read('specs/example.json')).toBe(await readFile(path.join(ROOT, 'specs/example.json'), 'utf8'));
    const ciText = await read('.gitlab-ci.yml');
    const job = jobOf(ciText);
    expect(job.image).toBe('node:20');
    expect(job.script).toEqual(['npm ci', 'npx writer generate --junit writer-junit.xml']);
    expect(job.artifacts).toEqual({ when: 'always', paths: ['generated/'], reports: { junit: 'writer-junit.xml' } });

    for (const file of ['writer.config.json', 'specs/example.json', '.gitlab-ci.yml']) {
      expect(await read(file)).not.toContain(MCP_TOKEN);
    }
    // No key for the model: doctor cannot run yet, and init says why.
    expect(run.stdout).toContain('writer doctor not run: missing setting --api-key (or OPENAI_API_KEY)');
  });

  it('references another token variable as ${NAME}, and with --image writes a job that installs nothing', async () => {
    const run = await init([
      '--yes',
      '--mcp-url',
      'https://gitlab-mcp.example/mcp',
      '--model',
      'qwen2.5:7b',
      '--provider',
      'ollama',
      '--mcp-token-var',
      'QA_MCP_TOKEN',
      '--image',
      'registry.example.com/qa/writer:0.1.0',
      '--no-doctor',
    ]);
    expect(run.code).toBe(0);
    const config = JSON.parse(await read('writer.config.json')) as Record<string, unknown>;
    expect(config.mcpHeader).toEqual(['Authorization: Bearer ${QA_MCP_TOKEN}']);
    expect(config.provider).toBe('ollama');
    expect(await schemaCheck(config)).toEqual([]);
    expect(await loadConfigFile(undefined, { QA_MCP_TOKEN: 'from-the-environment' }, dir)).toMatchObject({
      mcpHeader: ['Authorization: Bearer from-the-environment'],
    });
    // A local model needs no key: only the token is a secret.
    expect(run.stdout).toContain('set QA_MCP_TOKEN in the environment');

    const ciText = await read('.gitlab-ci.yml');
    const job = jobOf(ciText);
    expect(job.image).toEqual({ name: 'registry.example.com/qa/writer:0.1.0', entrypoint: [''] });
    expect(job.script).toEqual(['writer generate --junit writer-junit.xml']);
    expect(ciText).toContain('Masked CI/CD variables (Settings > CI/CD > Variables): QA_MCP_TOKEN.');
    expect(run.stdout).not.toContain('writer doctor');
  });

  it('replaces nothing without --force: the existing files stay byte for byte and the job is printed', async () => {
    const mine = {
      'writer.config.json': '{ "model": "team-model" }\n',
      'specs/example.json': '{"id": "TEAM-1"}\n',
      '.gitlab-ci.yml': 'stages: [test]\nrobot:\n  script: [robot tests]\n',
    };
    await mkdir(path.join(dir, 'specs'));
    for (const [file, text] of Object.entries(mine)) await writeFile(path.join(dir, file), text);

    const run = await init(['--yes', '--mcp-url', 'https://gitlab-mcp.example/mcp', '--model', 'gpt-4.1', '--no-doctor']);
    expect(run.code).toBe(0);
    for (const [file, text] of Object.entries(mine)) expect(await read(file)).toBe(text);
    expect(run.stdout).toContain('kept writer.config.json (it exists; --force replaces it)');
    expect(run.stdout).toContain('kept specs/example.json (it exists; --force replaces it)');
    expect(run.stdout).toContain('.gitlab-ci.yml exists and is left alone; add this job to it');
    const printed = run.stdout.slice(run.stdout.indexOf('# writer:'), run.stdout.indexOf('Secrets stay'));
    expect(jobOf(printed).script).toContain('npx writer generate --junit writer-junit.xml');
    // Added to the team's file as told, the pipeline is still one valid YAML document.
    expect(Object.keys(parse(mine['.gitlab-ci.yml'] + '\n' + printed) as object)).toEqual(['stages', 'robot', 'generate-suites']);

    const forced = await init(['--yes', '--mcp-url', 'https://gitlab-mcp.example/mcp', '--model', 'gpt-4.1', '--no-doctor', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(
      'replaced writer.config.json (--force)\nreplaced specs/example.json (--force)\nreplaced .gitlab-ci.yml (--force)\n',
    );
    expect(JSON.parse(await read('writer.config.json'))).toMatchObject({ model: 'gpt-4.1' });
    expect(jobOf(await read('.gitlab-ci.yml')).script).toContain('npx writer generate --junit writer-junit.xml');
  });

  it('without --yes and without a terminal, stops at once with one line naming what it would ask, and writes nothing', async () => {
    const run = await init(['--mcp-url', 'https://gitlab-mcp.example/mcp'], {});
    expect(run.code).toBe(2);
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe(
      'writer: no terminal to ask for --project-id (or GITLAB_PROJECT_ID), --ref (or GITLAB_REF), --model (or OPENAI_MODEL_WRITER): pass them as flags, or --yes to take the defaults\n',
    );
    expect(await readdir(dir)).toEqual([]);

    // Given every answer as a flag, there is nothing to ask.
    const flagged = await init([
      '--mcp-url',
      'https://gitlab-mcp.example/mcp',
      '--project-id',
      '42',
      '--ref',
      'develop',
      '--model',
      'gpt-4.1',
      '--no-doctor',
    ]);
    expect(flagged.code).toBe(0);
    expect(JSON.parse(await read('writer.config.json'))).toMatchObject({ projectId: '42', ref: 'develop' });
  });

  it('refuses a bad flag before writing anything', async () => {
    const run = await init(['--yes', '--mcp-url', 'gitlab-mcp.example/mcp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('writer: writer.config.json: /mcpUrl must match pattern "^https?://"\n');
    expect(await readdir(dir)).toEqual([]);
    const badVariable = await init(['--yes', '--mcp-token-var', 'QA-TOKEN']);
    expect(badVariable.code).toBe(2);
    expect(badVariable.stderr).toBe("writer: --mcp-token-var: 'QA-TOKEN' is not an environment variable name\n");
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes the defaults from the variables with --yes, and ends with doctor’s exit code when doctor runs', async () => {
    // Complete settings, but nothing listens at the MCP address: doctor runs and reports it.
    const run = await init(['--yes'], {
      GITLAB_MCP_URL: 'http://127.0.0.1:9/mcp',
      OPENAI_MODEL_WRITER: 'gpt-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(JSON.parse(await read('writer.config.json'))).toEqual({
      mcpUrl: 'http://127.0.0.1:9/mcp',
      ref: 'main',
      model: 'gpt-test',
      spec: 'specs/**/*.json',
      out: 'generated',
    });
    expect(run.stdout).toContain('\nwriter doctor:\n✓ settings: MCP server http://127.0.0.1:9/mcp');
    expect(run.stdout).toMatch(/\n✗ MCP server: /);
    expect(run.code).toBe(3);
  });
});

// The pseudo-terminal is Python's pty module: without python3 these are skipped.
describe.runIf(inject('python3'))('writer init on a terminal', () => {
  let mcp: TestMcpServer;
  let model: FakeOpenAI;

  beforeEach(async () => {
    mcp = await startTestMcpServer({ token: MCP_TOKEN });
    model = await startFakeOpenAI({ turns: [{ content: 'OK' }], apiKey: API_KEY, models: ['gpt-test'] });
  });

  afterEach(async () => {
    await model.close();
    await mcp.close();
  });

  const secrets = (): Record<string, string> => ({ GITLAB_MCP_TOKEN: MCP_TOKEN, OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseURL });

  it('asks for each setting, asks again after a bad answer, writes the answers and runs doctor', async () => {
    const run = await runOnTerminal(
      [process.execPath, CLI, 'init'],
      [
        { expect: 'MCP server URL', send: 'gitlab-mcp.example/mcp\r' },
        { expect: 'MCP server URL', send: `${mcp.url}\r` },
        { expect: 'GitLab project, id or path', send: '42\r' },
        { expect: 'Branch, tag or commit to read [main]: ', send: 'qa-fixtures\r' },
        { expect: 'Chat model', send: 'gpt-test\r' },
      ],
      { cwd: dir, env: cliEnv(secrets()) },
    );
    expect(run.stalled).toBeNull();
    expect(run.output).toContain('/mcpUrl must match pattern "^https?://"');
    expect(run.code).toBe(0);
    expect(JSON.parse(await read('writer.config.json'))).toEqual({
      mcpUrl: mcp.url,
      projectId: '42',
      ref: 'qa-fixtures',
      model: 'gpt-test',
      spec: 'specs/**/*.json',
      out: 'generated',
    });
    expect(jobOf(await read('.gitlab-ci.yml')).script).toContain('npx writer generate --junit writer-junit.xml');
    // Doctor checked the whole chain with what was answered.
    const doctor = run.output.slice(run.output.indexOf('writer doctor:'));
    for (const check of ['settings', 'MCP server', 'MCP auth', 'tools', 'conventions', 'model endpoint', 'model', 'tool request']) {
      expect(doctor).toMatch(new RegExp(`\\n✓ ${check}: `));
    }
    expect(doctor).toContain('✓ conventions: doc/convention.md read (project 42, ref qa-fixtures');
    expect(run.output).not.toContain(MCP_TOKEN);
    expect(run.output).not.toContain(API_KEY);
  });

  it('takes the default in brackets on Enter, and stops on Ctrl-C with exit 130, writing nothing', async () => {
    const run = await runOnTerminal(
      [process.execPath, CLI, 'init', '--no-doctor'],
      [
        { expect: 'MCP server URL', send: '\r' },
        { expect: 'GitLab project, id or path', send: '\x03' },
      ],
      { cwd: dir, env: cliEnv({ ...secrets(), GITLAB_MCP_URL: mcp.url }) },
    );
    expect(run.stalled).toBeNull();
    expect(run.output).toContain(`MCP server URL (streamable HTTP, e.g. https://gitlab-mcp.example/mcp) [${mcp.url}]: `);
    expect(run.output).toContain('writer: interrupted: nothing written');
    expect(run.code).toBe(130);
    expect(await readdir(dir)).toEqual([]);
  });
});
