import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';

const env = {
  OPENAI_API_KEY: 'sk-env-key',
  OPENAI_MODEL_WRITER: 'env-model',
  GITLAB_MCP_URL: 'http://127.0.0.1:1/mcp',
  GITLAB_PROJECT_ID: '7',
  GITLAB_REF: 'env-ref',
  SPEC_JSON_PATH: 'env-spec.json',
  OUTPUT_DIR: 'env-out',
  GITLAB_MCP_TOKEN: 'env-mcp-token',
};

describe('resolveConfig', () => {
  it('reads the prototype variables and applies defaults', () => {
    const config = resolveConfig({}, env);
    expect(config).toMatchObject({
      spec: 'env-spec.json',
      out: 'env-out',
      mcp: { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer env-mcp-token' } },
      tools: { projectId: '7', ref: 'env-ref', inject: {}, policy: { allowWriteTools: false, allow: [], deny: [] } },
      model: { name: 'env-model', apiKey: 'sk-env-key', temperature: 0.1, retries: 2 },
      conventionsPath: 'doc/convention.md',
      limits: { maxRounds: 18, toolConcurrency: 4, toolTimeoutMs: 60_000, maxToolChars: 20_000, repairRounds: 2 },
    });
    expect(config.secrets).toEqual(expect.arrayContaining(['sk-env-key', 'env-mcp-token', 'Bearer env-mcp-token']));
  });

  it('lets a flag beat its variable and turns flag strings into numbers', () => {
    const config = resolveConfig(
      {
        model: 'flag-model',
        ref: 'flag-ref',
        maxRounds: '5',
        temperature: '0.7',
        mcpHeader: ['Authorization: Bearer flag-token', 'X-Team: qa'],
      },
      env,
    );
    expect(config.model.name).toBe('flag-model');
    expect(config.tools.ref).toBe('flag-ref');
    expect(config.limits.maxRounds).toBe(5);
    expect(config.model.temperature).toBe(0.7);
    expect(config.mcp.headers).toEqual({ Authorization: 'Bearer flag-token', 'X-Team': 'qa' });
  });

  it('caps the honoured Retry-After at 60 s unless --max-retry-wait says otherwise', () => {
    expect(resolveConfig({}, env).model.maxRetryWaitMs).toBe(60_000);
    expect(resolveConfig({ maxRetryWait: '2.5' }, env).model.maxRetryWaitMs).toBe(2_500);
    expect(() => resolveConfig({ maxRetryWait: '-1' }, env)).toThrow('invalid --max-retry-wait: must be >= 0');
  });

  it('counts credentials inside the model and MCP URLs as secrets', () => {
    const config = resolveConfig(
      { baseUrl: 'https://writer:pa%40ss-word@llm.example/v1', mcpUrl: 'https://mcp.example/mcp?private_token=glpat-url-token&team=qa' },
      env,
    );
    expect(config.secrets).toEqual(expect.arrayContaining(['pa%40ss-word', 'pa@ss-word', 'glpat-url-token']));
    expect(config.secrets).not.toContain('writer');
    expect(config.secrets).not.toContain('qa');
  });

  it('reads the tool policy and injections', () => {
    const config = resolveConfig(
      { tools: 'a, b', allowTool: ['get_*'], denyTool: ['x'], allowWriteTools: true, inject: ['namespace=qa', 'q=a=b'] },
      env,
    );
    expect(config.tools).toMatchObject({
      inject: { namespace: 'qa', q: 'a=b' },
      policy: { allowWriteTools: true, only: ['a', 'b'], allow: ['get_*'], deny: ['x'] },
    });
    expect(() => resolveConfig({ inject: ['no-equals'] }, env)).toThrow('invalid --inject: must match pattern');
  });

  it('reads the suite modes from flags or the settings file, and refuses the combinations that contradict', () => {
    expect(resolveConfig({}, env)).toMatchObject({ changedOnly: false, update: false, allowRemovals: false, prune: false });
    expect(resolveConfig({ update: true, allowRemovals: true }, env, { changedOnly: true, prune: true })).toMatchObject({
      changedOnly: true,
      update: true,
      allowRemovals: true,
      prune: true,
    });
    expect(() => resolveConfig({ force: true }, env, { update: true })).toThrow('--force and --update are exclusive');
    expect(() => resolveConfig({ record: 'run.json', changedOnly: true }, env)).toThrow(
      '--record records a new generation; it does not take --update or --changed-only',
    );
  });

  it('defaults the output folder and takes --conventions none', () => {
    const { OUTPUT_DIR: _unused, ...rest } = env;
    const config = resolveConfig({ conventions: 'none' }, rest);
    expect(config.out).toBe('./generated');
    expect(config.conventionsPath).toBeNull();
  });

  it('names every invalid or missing setting with its flag and variable', () => {
    const both = () => resolveConfig({ maxRounds: '0', mcpHeader: ['no colon'] }, env);
    expect(both).toThrow('invalid --max-rounds: must be >= 1');
    expect(both).toThrow('invalid --mcp-header: must match pattern');
    expect(() => resolveConfig({}, {})).toThrow(
      'missing setting --spec (or SPEC_JSON_PATH); missing setting --mcp-url (or GITLAB_MCP_URL); missing setting --model (or OPENAI_MODEL_WRITER)',
    );
  });

  it('reads the budgets, the reply cap, compaction and the prices of the cost estimate', () => {
    const defaults = resolveConfig({}, env);
    expect(defaults.limits.maxReplyTokens).toBe(8192);
    expect(defaults.batch.maxTokens).toBeUndefined();
    expect(defaults.tools.fullSchemas).toBe(false);
    expect(defaults.prices).toBeUndefined();
    const config = resolveConfig(
      { maxBatchTokens: '50000', maxReplyTokens: '2000', fullSchemas: true, priceInput: '2.5', priceOutput: '10' },
      env,
    );
    expect(config).toMatchObject({ batch: { maxTokens: 50_000 }, limits: { maxReplyTokens: 2000 }, tools: { fullSchemas: true } });
    // Cached input costs as input unless its own price is given.
    expect(config.prices).toEqual({ input: 2.5, cachedInput: 2.5, output: 10 });
    expect(resolveConfig({ priceInput: '2', priceCachedInput: '0.5', priceOutput: '8' }, env).prices).toEqual({
      input: 2,
      cachedInput: 0.5,
      output: 8,
    });
    expect(() => resolveConfig({ priceOutput: '8' }, env)).toThrow('an estimated cost needs both --price-input and --price-output');
    expect(() => resolveConfig({ priceInput: '-1', priceOutput: '8' }, env)).toThrow('invalid --price-input: must be >= 0');
    expect(() => resolveConfig({ maxReplyTokens: '0' }, env)).toThrow('invalid --max-reply-tokens: must be >= 1');
  });

  it('needs an API key for OpenAI but not for another base URL', () => {
    const { OPENAI_API_KEY: _key, ...noKey } = env;
    expect(() => resolveConfig({}, noKey)).toThrow('missing setting --api-key (or OPENAI_API_KEY)');
    expect(resolveConfig({ baseUrl: 'http://127.0.0.1:11434/v1' }, noKey).model.apiKey).toBeUndefined();
  });
});
