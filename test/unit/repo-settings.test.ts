import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';

const env = { OPENAI_API_KEY: 'sk-env-key', OPENAI_MODEL_WRITER: 'env-model', SPEC_JSON_PATH: 'spec.json' };

describe('resolveConfig: --repo and --record', () => {
  it('needs no MCP URL with --repo', () => {
    const config = resolveConfig({ repo: 'checkout', record: 'run.json' }, env);
    expect(config).toMatchObject({ repo: 'checkout', record: 'run.json', mcp: { url: '', headers: {} } });
  });

  it('still asks for --mcp-url without --repo', () => {
    expect(() => resolveConfig({}, env)).toThrow('missing setting --mcp-url (or GITLAB_MCP_URL)');
  });

  it('refuses --repo with an MCP URL from a flag or the environment', () => {
    const message = '--repo and --mcp-url (or GITLAB_MCP_URL) are exclusive';
    expect(() => resolveConfig({ repo: 'checkout', mcpUrl: 'http://127.0.0.1:1/mcp' }, env)).toThrow(message);
    expect(() => resolveConfig({ repo: 'checkout' }, { ...env, GITLAB_MCP_URL: 'http://127.0.0.1:1/mcp' })).toThrow(message);
  });
});
