import { describe, expect, it } from 'vitest';
import { environmentSecrets } from '../../src/config/secrets.js';
import { errorLine } from '../../src/errors.js';
import { Redactor } from '../../src/output/redact.js';

describe('errorLine', () => {
  it('is one line, without a stack', () => {
    expect(errorLine(new Error('first\n   second\tthird'))).toBe('first second third');
    expect(errorLine('plain text')).toBe('plain text');
    expect(errorLine(new Error(''))).toBe('unknown error');
  });

  it("redacts the printer's secrets before it cuts a long line, so no part of one survives", () => {
    const { redact } = new Redactor(['sk-SECRET-XYZ-123']);
    const line = errorLine(new Error(`${'x'.repeat(490)} Bearer sk-SECRET-XYZ-123 and more`), redact);
    expect(line.length).toBeLessThanOrEqual(500);
    expect(line).not.toContain('sk-SEC');
    expect(line.endsWith('…')).toBe(true);
  });

  it('cuts a long line between words, so that a token it nests in another message is redacted whole later', () => {
    const token = 'glpat-NESTED-TOKEN-0123456789';
    // The token straddles the limit: a cut in its middle would leave a prefix no redactor knows.
    const inner = errorLine(new Error(`${'word '.repeat(97)}${token} and the rest of a long server answer`));
    expect(inner.length).toBeLessThanOrEqual(500);
    expect(inner).not.toContain('glpat');
    const { redact } = new Redactor([token]);
    expect(errorLine(new Error(`MCP server unreachable: ${inner}`), redact)).not.toContain('glpat');
  });
});

describe('the secrets known before any setting is resolved', () => {
  it("are the environment's: the key, the MCP token, the OAuth client secret and credentials inside the URLs", () => {
    const secrets = environmentSecrets({
      OPENAI_API_KEY: 'sk-env-key-1',
      GITLAB_MCP_TOKEN: 'glpat-env-token',
      WRITER_OAUTH_CLIENT_SECRET: 'client-secret-1',
      OPENAI_BASE_URL: 'https://user:p%40ss-1@llm.example/v1',
      GITLAB_MCP_URL: 'https://gitlab.example/mcp?private_token=glpat-in-url',
      OPENAI_MODEL_WRITER: 'gpt-not-a-secret',
    });
    const { redact } = new Redactor(secrets);
    const line = errorLine(new Error('sk-env-key-1 glpat-env-token client-secret-1 p@ss-1 p%40ss-1 glpat-in-url gpt-not-a-secret'), redact);
    expect(line).toBe('[redacted] [redacted] [redacted] [redacted] [redacted] [redacted] gpt-not-a-secret');
    expect(environmentSecrets({ OPENAI_API_KEY: '' })).toEqual([]);
  });
});
