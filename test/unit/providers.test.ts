import { describe, expect, it } from 'vitest';
import { replyLimitParameter } from '../../src/config/providers.js';
import { resolveConfig } from '../../src/config/resolve-config.js';

const env = { OPENAI_MODEL_WRITER: 'qwen2.5', GITLAB_MCP_URL: 'http://127.0.0.1:1/mcp', SPEC_JSON_PATH: 'spec.json' };

describe('--provider and --tool-format', () => {
  it.each([
    ['ollama', 'http://localhost:11434/v1'],
    ['llamacpp', 'http://localhost:8080/v1'],
    ['vllm', 'http://localhost:8000/v1'],
    ['lmstudio', 'http://localhost:1234/v1'],
  ])('%s sets the default base URL and needs no key', (provider, baseURL) => {
    const config = resolveConfig({ provider }, env);
    expect(config.model).toMatchObject({ provider, baseURL, toolFormat: 'auto' });
    expect(config.model.apiKey).toBeUndefined();
  });

  it('lets --base-url and OPENAI_BASE_URL beat the provider, and reads WRITER_PROVIDER', () => {
    expect(resolveConfig({ provider: 'ollama', baseUrl: 'http://gpu-box:11434/v1' }, env).model.baseURL).toBe('http://gpu-box:11434/v1');
    expect(resolveConfig({}, { ...env, WRITER_PROVIDER: 'vllm', OPENAI_BASE_URL: 'http://gpu-box:9000/v1' }).model).toMatchObject({
      provider: 'vllm',
      baseURL: 'http://gpu-box:9000/v1',
    });
    expect(resolveConfig({}, { ...env, WRITER_PROVIDER: 'lmstudio' }).model.baseURL).toBe('http://localhost:1234/v1');
  });

  it('needs a key for OpenAI, and only for OpenAI without a base URL', () => {
    expect(() => resolveConfig({}, env)).toThrow(
      'missing setting --api-key (or OPENAI_API_KEY): OpenAI needs an API key (local servers: set --provider or --base-url)',
    );
    expect(() => resolveConfig({ provider: 'openai' }, env)).toThrow('missing setting --api-key');
    expect(resolveConfig({ provider: 'openai', apiKey: 'sk-x1234' }, env).model.baseURL).toBeUndefined();
    expect(resolveConfig({ baseUrl: 'http://127.0.0.1:8080/v1' }, env).model.apiKey).toBeUndefined();
  });

  it('refuses an unknown provider or tool format', () => {
    expect(() => resolveConfig({ provider: 'kobold' }, env)).toThrow(
      'invalid --provider (or WRITER_PROVIDER): must be equal to one of the allowed values',
    );
    expect(() => resolveConfig({ provider: 'ollama', toolFormat: 'xml' }, env)).toThrow('invalid --tool-format (or WRITER_TOOL_FORMAT)');
    expect(resolveConfig({ provider: 'ollama', toolFormat: 'text' }, env).model.toolFormat).toBe('text');
  });

  it('sends the reply cap as max_completion_tokens to OpenAI and as max_tokens to the others', () => {
    expect(replyLimitParameter(undefined, undefined)).toBe('max_completion_tokens');
    expect(replyLimitParameter('openai', 'https://proxy.example/v1')).toBe('max_completion_tokens');
    expect(replyLimitParameter(undefined, 'http://127.0.0.1:8080/v1')).toBe('max_tokens');
    for (const provider of ['ollama', 'llamacpp', 'vllm', 'lmstudio'] as const)
      expect(replyLimitParameter(provider, undefined)).toBe('max_tokens');
  });
});
