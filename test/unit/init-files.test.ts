// What writer init puts in a repository, in process: the settings file, the CI
// job as GitLab reads it, the defaults of the questions and the secrets named.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CI_JOB_NAME, ciJob, initConfig, promptDefault, secretVariables } from '../../src/app/init.js';
import { UsageError } from '../../src/errors.js';

describe('initConfig', () => {
  it('writes the given settings, every spec and the output folder, and nothing unset', () => {
    expect(initConfig({ mcpUrl: 'https://mcp.example/mcp', model: 'gpt-4.1' })).toEqual({
      mcpUrl: 'https://mcp.example/mcp',
      model: 'gpt-4.1',
      spec: 'specs/**/*.json',
      out: 'generated',
    });
  });

  it('references a token variable other than GITLAB_MCP_TOKEN, and refuses a name that is no variable', () => {
    expect(initConfig({ tokenVariable: 'GITLAB_MCP_TOKEN' }).mcpHeader).toBeUndefined();
    expect(initConfig({ tokenVariable: 'QA_TOKEN' }).mcpHeader).toEqual(['Authorization: Bearer ${QA_TOKEN}']);
    expect(() => initConfig({ tokenVariable: 'QA TOKEN' })).toThrow(UsageError);
  });

  it('refuses what the settings schema refuses, naming the key', () => {
    expect(() => initConfig({ mcpUrl: 'mcp.example' })).toThrow('writer.config.json: /mcpUrl must match pattern "^https?://"');
    expect(() => initConfig({ provider: 'acme' as never })).toThrow('/provider must be equal to one of the allowed values');
  });
});

describe('ciJob', () => {
  it('installs writer with npm ci on node:20 by default', () => {
    const job = (parse(ciJob({ secrets: ['OPENAI_API_KEY', 'GITLAB_MCP_TOKEN'] })) as Record<string, { image: unknown; script: string[] }>)[
      CI_JOB_NAME
    ];
    expect(job?.image).toBe('node:20');
    expect(job?.script).toEqual(['npm ci', 'npx writer generate --junit writer-junit.xml']);
  });

  it("runs writer itself on writer's image, its entrypoint reset for GitLab's shell", () => {
    const text = ciJob({ image: 'registry.example.com/qa/writer:1.2.3', secrets: ['GITLAB_MCP_TOKEN'] });
    const job = (parse(text) as Record<string, { image: unknown; script: string[] }>)[CI_JOB_NAME];
    expect(job?.image).toEqual({ name: 'registry.example.com/qa/writer:1.2.3', entrypoint: [''] });
    expect(job?.script).toEqual(['writer generate --junit writer-junit.xml']);
    expect(text).toContain('Masked CI/CD variables (Settings > CI/CD > Variables): GITLAB_MCP_TOKEN.');
  });
});

describe('the questions', () => {
  it('default to their variables, and the ref to main', () => {
    expect(promptDefault('mcpUrl', {})).toBeUndefined();
    expect(promptDefault('mcpUrl', { GITLAB_MCP_URL: 'https://mcp.example/mcp' })).toBe('https://mcp.example/mcp');
    expect(promptDefault('ref', {})).toBe('main');
    expect(promptDefault('ref', { GITLAB_REF: 'develop' })).toBe('develop');
    expect(promptDefault('model', { OPENAI_MODEL_WRITER: '' })).toBeUndefined();
  });

  it('name the secrets a job needs: no API key for a local model', () => {
    expect(secretVariables({})).toEqual(['OPENAI_API_KEY', 'GITLAB_MCP_TOKEN']);
    expect(secretVariables({ provider: 'ollama', tokenVariable: 'QA_TOKEN' })).toEqual(['QA_TOKEN']);
    expect(secretVariables({ baseUrl: 'http://127.0.0.1:8000/v1' })).toEqual(['GITLAB_MCP_TOKEN']);
  });
});
