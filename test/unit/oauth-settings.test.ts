import { describe, expect, it } from 'vitest';
import { describeSetting, resolveConfig, resolveSettings } from '../../src/config/resolve-config.js';
import { userConfigDir } from '../../src/config/user-config-dir.js';
import { Redactor } from '../../src/output/redact.js';

const env = {
  OPENAI_API_KEY: 'sk-env-key',
  OPENAI_MODEL_WRITER: 'env-model',
  GITLAB_MCP_URL: 'https://gitlab.example.com/api/v4/mcp',
  SPEC_JSON_PATH: 'spec.json',
  HOME: '/home/qa',
};

describe('OAuth settings', () => {
  it('keeps sign-ins in XDG_CONFIG_HOME, else in ~/.config, never relative to the working folder', () => {
    expect(userConfigDir({ XDG_CONFIG_HOME: '/srv/config', HOME: '/home/qa' })).toBe('/srv/config/writer');
    expect(userConfigDir({ HOME: '/home/qa' })).toBe('/home/qa/.config/writer');
    // The XDG rule: a relative XDG_CONFIG_HOME is ignored.
    expect(userConfigDir({ XDG_CONFIG_HOME: 'config', HOME: '/home/qa' })).toBe('/home/qa/.config/writer');
  });

  it('reads the client, its secret, the scope and the login timeout, and keeps the secret out of every output', () => {
    const config = resolveConfig(
      { oauthClientId: 'writer-app', scope: 'mcp', loginTimeout: '30' },
      { ...env, WRITER_OAUTH_CLIENT_SECRET: 'gloas-client-secret-1' },
      {},
    );
    expect(config.oauth).toEqual({
      storeDir: '/home/qa/.config/writer',
      clientId: 'writer-app',
      clientSecret: 'gloas-client-secret-1',
      scope: 'mcp',
      loginTimeoutMs: 30_000,
    });
    expect(config.secrets).toContain('gloas-client-secret-1');
    expect(resolveConfig({}, env).oauth).toEqual({ storeDir: '/home/qa/.config/writer', loginTimeoutMs: 300_000 });
  });

  it('names a setting that only the environment gives by its variable', () => {
    expect(describeSetting('oauthClientSecret')).toBe('WRITER_OAUTH_CLIENT_SECRET');
    const invalid = (): unknown => resolveSettings({ loginTimeout: '0', scope: 'two  spaces' }, env, []);
    expect(invalid).toThrow('invalid --login-timeout: must be > 0');
    expect(invalid).toThrow('invalid --scope: must match pattern');
  });
});

describe('the redactor', () => {
  it('also redacts secrets learnt after it was made, such as a refreshed token', () => {
    const redactor = new Redactor(['sk-known-at-start']);
    const { redact } = redactor;
    expect(redact('sk-known-at-start and access-learnt-later-42')).toBe('[redacted] and access-learnt-later-42');
    redactor.add(['access-learnt-later-42', undefined]);
    expect(redact('sk-known-at-start and access-learnt-later-42')).toBe('[redacted] and [redacted]');
  });
});
