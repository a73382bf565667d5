// The sign-in in process: writer's login flow and its session provider against
// the MCP SDK's authorization server and bearer middleware on 127.0.0.1.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openToolSession } from '../../src/app/default-seams.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { McpSession } from '../../src/mcp/mcp-session.js';
import { listenForCallback } from '../../src/mcp/oauth-callback.js';
import { signIn } from '../../src/mcp/oauth-login.js';
import { storedSignIn } from '../../src/mcp/oauth-provider.js';
import { SignInStore, normaliseServerUrl } from '../../src/mcp/oauth-store.js';
import { Redactor } from '../../src/output/redact.js';
import { TranscriptRecorder } from '../../src/output/transcript.js';
import { followSignIn, startOAuthMcpServer, type OAuthMcpServer } from '../fixtures/oauth-server.js';

let folder: string;
let server: OAuthMcpServer;
/** The run's redactor, which the sign-in and the sessions add their secrets to. */
let redactor: Redactor;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'writer-oauth-session-'));
  redactor = new Redactor();
  server = await startOAuthMcpServer();
});

afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

async function signedIn(): Promise<SignInStore> {
  const result = await signIn({
    serverUrl: server.url,
    storeDir: folder,
    timeoutMs: 10_000,
    showAuthorizationUrl: async (url) => void (await followSignIn(url.href)),
    redactor,
  });
  expect(result).toMatchObject({ status: 'signed-in', scope: 'mcp', server: 'zereight-gitlab-mcp-server 0.0.0-test' });
  return new SignInStore(folder, server.url, redactor);
}

describe('a session with a stored sign-in', () => {
  it('refreshes an expiring token once for all requests that want it at the same moment', async () => {
    const store = await signedIn();
    const signIn = await store.read();
    await store.update((current) => ({ ...current, tokensSavedAt: (current.tokensSavedAt as number) - 7_200_000 }));
    const provider = await storedSignIn(folder, server.url, undefined, redactor);
    if (!provider) throw new Error('no stored sign-in');

    const tokens = await Promise.all([provider.tokens(), provider.tokens(), provider.tokens()]);
    expect(server.grants.map((grant) => grant.grant)).toEqual(['authorization_code', 'refresh_token']);
    expect(new Set(tokens.map((token) => token?.access_token)).size).toBe(1);
    expect(tokens[0]?.access_token).not.toBe(signIn?.tokens?.access_token);
    // Refreshed tokens are secrets from the moment they arrive.
    expect(redactor.redact(`token ${tokens[0]?.access_token}`)).toBe('token [redacted]');

    const session = await McpSession.connect({ url: server.url, headers: {}, oauth: { provider } });
    const lists = await Promise.all([session.listTools(), session.listTools()]);
    await session.close();
    expect(lists[0]?.length).toBeGreaterThan(0);
    expect(server.grants).toHaveLength(2);
  });

  it('keeps tokens another run refreshed meanwhile when its own are refused', async () => {
    const store = await signedIn();
    const provider = await storedSignIn(folder, server.url, undefined, redactor);
    if (!provider) throw new Error('no stored sign-in');
    await provider.tokens();
    // Another process refreshed and stored new tokens after this one read its own.
    await store.update((current) => ({ ...current, tokens: { ...current.tokens, access_token: 'access-of-another-run' } as never }));
    await provider.invalidateCredentials('tokens');
    expect((await store.read())?.tokens?.access_token).toBe('access-of-another-run');
  });
});

describe("the run's redactor", () => {
  it('redacts in the transcript the token that the stored sign-in added to it when the session opened', async () => {
    const store = await signedIn();
    const token = (await store.read())?.tokens?.access_token;
    if (!token) throw new Error('no token stored');
    const resolved = resolveConfig(
      { spec: 'specs/a.json', mcpUrl: server.url, model: 'gpt-test', baseUrl: 'http://127.0.0.1:9/v1' },
      { HOME: folder },
    );
    const config = { ...resolved, oauth: { storeDir: folder, loginTimeoutMs: 10_000 } };
    // The run's redactor starts from the settings' secrets alone: the token is not among them.
    const run = new Redactor(config.secrets);
    expect(run.redact(token)).toBe(token);

    const session = await openToolSession(config, () => undefined, run);
    await session.close();
    const transcript = new TranscriptRecorder(config, run);
    transcript.record({ type: 'message', message: { role: 'assistant', content: `the server said ${token}` } });
    const file = path.join(folder, 'transcript.json');
    await transcript.write(file, {
      status: 'failed',
      spec: config.spec,
      output: null,
      rounds: 1,
      toolCalls: 0,
      repeatsAvoided: 0,
      truncatedChars: 0,
      usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, estimated: false },
      durationMs: 1,
      error: `refused ${token}`,
    });
    const written = await readFile(file, 'utf8');
    expect(written).not.toContain(token);
    expect(JSON.parse(written)).toMatchObject({ error: 'refused [redacted]', messages: [{ content: 'the server said [redacted]' }] });
  });
});

describe('the sign-in store', () => {
  it('keys a server by its normalised URL and keeps its file private', async () => {
    expect(normaliseServerUrl('HTTPS://GitLab.Example.com:443/api/v4/mcp/#x')).toBe('https://gitlab.example.com/api/v4/mcp');
    const a = new SignInStore(folder, 'https://gitlab.example.com/api/v4/mcp/', redactor);
    const b = new SignInStore(folder, 'https://gitlab.example.com/api/v4/mcp', redactor);
    const other = new SignInStore(folder, 'https://gitlab.example.com/other/mcp', redactor);
    expect(a.file).toBe(b.file);
    expect(other.file).not.toBe(a.file);
    expect(path.basename(a.file)).toMatch(/^gitlab\.example\.com-[0-9a-f]{16}\.json$/);

    await a.update((current) => ({ ...current, tokens: { access_token: 'access-private-1', token_type: 'bearer' } }));
    expect((await stat(a.file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(a.file))).mode & 0o777).toBe(0o700);
    expect(await b.read()).toMatchObject({
      serverUrl: 'https://gitlab.example.com/api/v4/mcp',
      tokens: { access_token: 'access-private-1' },
    });
    expect(await other.read()).toBeUndefined();
  });

  it('reads a damaged file as no sign-in, and forgets it', async () => {
    const store = new SignInStore(folder, server.url, redactor);
    await store.update((current) => current);
    await writeFile(store.file, '{ not json');
    expect(await store.read()).toBeUndefined();
    expect(await storedSignIn(folder, server.url, undefined, redactor)).toBeUndefined();
    await store.remove();
    await expect(readFile(store.file)).rejects.toThrow();
  });
});

describe('the callback', () => {
  it('stops waiting when the login is interrupted', async () => {
    const controller = new AbortController();
    const callback = await listenForCallback({ state: 'state-1', timeoutMs: 10_000, signal: controller.signal, redactor });
    controller.abort();
    await expect(callback.code).rejects.toThrow('interrupted');
    await callback.close();
    await expect(fetch(callback.redirectUrl)).rejects.toThrow();
  });
});
