// Signing in to an MCP server that wants OAuth, end to end: the real CLI against
// the MCP SDK's authorization server and bearer middleware in front of the test
// MCP server. The browser is this test: it follows the printed sign-in URL to
// the authorization server and its redirect to writer's callback.

import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followSignIn, startOAuthMcpServer, type OAuthMcpServer, type OAuthMcpServerOptions } from '../fixtures/oauth-server.js';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedTurn } from '../fixtures/openai-server.js';
import { runCli, ROOT, writerEnv, type CliRun } from '../helpers/run-cli.js';
import { SELF_CONTAINED_SUITE, fenced } from '../helpers/suites.js';

const SPEC = path.join(ROOT, 'test/fixtures/specs/cancel-order.json');
const CLIENT_SECRET = 'by-hand-client-secret-5566';

let home: string;
let work: string;
let server: OAuthMcpServer;
let model: FakeOpenAI | undefined;

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'writer-oauth-'));
  work = path.join(home, 'work');
  await mkdir(work);
});

afterEach(async () => {
  await model?.close();
  model = undefined;
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

async function serve(options: OAuthMcpServerOptions = {}): Promise<OAuthMcpServer> {
  server = await startOAuthMcpServer(options);
  return server;
}

/** Settings of a run: the OAuth-protected server, and a home and config folder of this test only. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return writerEnv({ mcp: server, model }, { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), ...extra });
}

type Browser = (url: string) => Promise<void>;

const browser: Browser = async (url) => {
  const answer = await followSignIn(url);
  expect(answer.status).toBe(200);
};

/** `writer login`, with this test as the browser once the sign-in URL is printed. */
function login(args: string[] = [], extra: Record<string, string | undefined> = {}, browse: Browser = browser): Promise<CliRun> {
  let browsing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  return runCli(['login', '--mcp-url', server.url, '--no-browser', ...args], {
    env: env(extra),
    cwd: work,
    onSpawn: (child) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        const url = /^\s+(http:\/\/\S+\/authorize\?\S+)$/m.exec(seen)?.[1];
        if (url && !browsing) browsing = browse(url).catch((error: unknown) => void (failure = { error }));
      });
    },
  }).then(async (run) => {
    await browsing;
    if (failure) throw failure.error;
    return run;
  });
}

async function storedFiles(): Promise<string[]> {
  const folder = path.join(home, 'config', 'writer', 'oauth');
  return (await readdir(folder).catch(() => [])).map((name) => path.join(folder, name));
}

async function stored(): Promise<{
  tokens?: { access_token: string; refresh_token?: string };
  tokensSavedAt?: number;
  client?: Record<string, unknown>;
}> {
  const [file] = await storedFiles();
  if (!file) throw new Error('no stored sign-in');
  return JSON.parse(await readFile(file, 'utf8')) as Awaited<ReturnType<typeof stored>>;
}

/** The stored tokens, if any: a registration may be kept from a login that failed later, tokens never. */
async function storedTokens(): Promise<unknown> {
  return (await storedFiles()).length ? (await stored()).tokens : undefined;
}

function expectNoSecret(texts: string[], secrets: string[]): void {
  for (const text of texts) for (const value of secrets) expect(text).not.toContain(value);
}

function oneLine(run: CliRun): string {
  const lines = run.stderr.trim().split('\n');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[lines.length - 1] ?? '';
}

describe('writer login', () => {
  it('signs in with PKCE and a state, stores the sign-in 0600 in the config folder, and says where it signed in', async () => {
    await serve();
    const run = await login();
    expect(run.stderr).toContain('open this URL in a browser to sign in:');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^signed in to ${server.url} \\(zereight-gitlab-mcp-server 0\\.0\\.0-test\\) with scope mcp; the token expires \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z and is refreshed when it does\\n$`,
      ),
    );

    // The flow: one registration, one authorization asking for the advertised scope with a state, one code exchange.
    expect(server.registrations).toHaveLength(1);
    expect(server.registrations[0]).toMatchObject({ client_name: 'writer', token_endpoint_auth_method: 'none' });
    expect(server.authorizations).toEqual([
      {
        clientId: server.registrations[0]?.client_id,
        scopes: ['mcp'],
        state: expect.stringMatching(/^[\w-]{43}$/),
        redirectUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/),
      },
    ]);
    expect(server.grants.map((grant) => grant.grant)).toEqual(['authorization_code']);

    const [file, ...others] = await storedFiles();
    expect(others).toEqual([]);
    expect(run.stderr).toContain(`stored in ${file}`);
    expect((await stat(file as string)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file as string))).mode & 0o777).toBe(0o700);
    expect((await stored()).tokens?.access_token).toBe(server.issuedSecrets[0]);
    // Never in the working folder, nor under HOME when XDG_CONFIG_HOME says where.
    expect(await readdir(work)).toEqual([]);
    expect(await readdir(home)).toEqual(expect.not.arrayContaining(['.config']));
    expectNoSecret([run.stdout, run.stderr], server.issuedSecrets);
  });

  it('asks for the scope of --scope', async () => {
    await serve({ scopes: ['mcp', 'read_api'] });
    const run = await login(['--scope', 'read_api']);
    expect(run.code).toBe(0);
    expect(server.authorizations[0]?.scopes).toEqual(['read_api']);
    expect(run.stdout).toContain('with scope read_api;');
  });

  it("asks GitLab's own MCP server for the mcp scope, whatever else its metadata advertises", async () => {
    await serve({ path: '/api/v4/mcp', scopes: ['api', 'read_api', 'mcp'] });
    const run = await login();
    expect(run.code).toBe(0);
    expect(server.url).toMatch(/\/api\/v4\/mcp$/);
    expect(server.authorizations[0]?.scopes).toEqual(['mcp']);
    // Elsewhere the advertised scopes are asked for.
    await server.close();
    await serve({ scopes: ['api', 'read_api', 'mcp'] });
    expect((await login()).code).toBe(0);
    expect(server.authorizations[0]?.scopes).toEqual(['api', 'read_api', 'mcp']);
  });

  it('refuses a redirect with another state, answers nothing but its path, and still takes the right one', async () => {
    await serve();
    const answers: Array<[number, string]> = [];
    const run = await login([], {}, async (url) => {
      const forged = await followSignIn(url, (callback) => {
        callback.searchParams.set('state', 'not-the-state-of-this-login');
        return callback;
      });
      answers.push([forged.status, forged.body]);
      const elsewhere = await fetch(new URL('/other', forged.callback));
      answers.push([elsewhere.status, await elsewhere.text()]);
      const right = await followSignIn(url);
      answers.push([right.status, right.body]);
    });
    expect(run.code).toBe(0);
    expect(answers.map(([status]) => status)).toEqual([400, 404, 200]);
    expect(answers[0]?.[1]).toContain('does not belong to the login writer is waiting for');
    // Only the code of the redirect with the right state was exchanged.
    expect(server.grants.map((grant) => grant.grant)).toEqual(['authorization_code']);
  });

  it('gives up after --login-timeout when only a wrong state came back, and stores no token', async () => {
    await serve();
    const run = await login(['--login-timeout', '1'], {}, async (url) => {
      const forged = await followSignIn(url, (callback) => {
        callback.searchParams.set('state', 'forged');
        return callback;
      });
      expect(forged.status).toBe(400);
    });
    expect(run.code).toBe(3);
    expect(oneLine(run)).toBe('writer: no sign-in came back within 1 s (--login-timeout)');
    expect(await storedTokens()).toBeUndefined();
    expect(server.grants).toEqual([]);
  });

  it('says when the authorization server refuses the sign-in', async () => {
    await serve();
    const run = await login([], {}, async (url) => {
      const refused = await followSignIn(url, (callback) => {
        const answer = new URL(callback.pathname, callback.origin);
        answer.searchParams.set('error', 'access_denied');
        answer.searchParams.set('state', callback.searchParams.get('state') ?? '');
        return answer;
      });
      expect(refused.status).toBe(400);
    });
    expect(run.code).toBe(3);
    expect(oneLine(run)).toBe('writer: the authorization server refused the sign-in: access_denied');
    expect(await storedTokens()).toBeUndefined();
    expect(server.grants).toEqual([]);
  });

  it('opens the browser with the platform opener when a display is present, and keeps the sign-in under ~/.config without XDG_CONFIG_HOME', async () => {
    await serve();
    const bin = path.join(home, 'bin');
    const opened = path.join(home, 'opened-url');
    await mkdir(bin);
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    let browsed: Promise<void> | undefined;
    const run = await runCli(['login', '--mcp-url', server.url], {
      env: env({ XDG_CONFIG_HOME: undefined, DISPLAY: ':0', PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }),
      cwd: work,
      onSpawn: (child) => {
        child.stderr?.on('data', () => {
          browsed ??= (async () => {
            // The opener got the URL; this test is the browser it would have started.
            let url = '';
            while (!url) {
              await new Promise((resolve) => setTimeout(resolve, 20));
              url = await readFile(opened, 'utf8').catch(() => '');
            }
            await browser(url);
          })();
        });
      },
    });
    await browsed;
    expect(run.stderr).toContain('opened the sign-in page in your browser');
    expect(run.code).toBe(0);
    const folder = path.join(home, '.config', 'writer', 'oauth');
    expect(await readdir(folder)).toHaveLength(1);
  });
});

describe('a stored sign-in', () => {
  async function scripted(turns: ScriptedTurn[]): Promise<FakeOpenAI> {
    model = await startFakeOpenAI({ turns, models: ['gpt-test'] });
    return model;
  }

  it('is used by tools and generate; no token reaches any output, transcript or recording', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    const { tokens } = await stored();
    const access = tokens?.access_token as string;

    const tools = await runCli(['tools', '--json'], { env: env(), cwd: work });
    expect(tools.code).toBe(0);
    expect(JSON.parse(tools.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'get_file_contents' })]));
    expect(server.mcp.httpRequests.length).toBeGreaterThan(0);
    expect(server.mcp.httpRequests.every((request) => request.authorization === `Bearer ${access}`)).toBe(true);

    // A model that repeats the token it should never have seen: writer must still keep it out of every report.
    await scripted([
      { content: `Reading with ${access}.`, toolCalls: [{ name: 'get_file_contents', arguments: { file_path: `notes/${access}.md` } }] },
      { content: `Done with ${access}.\n\n${fenced(SELF_CONTAINED_SUITE)}` },
    ]);
    const out = path.join(work, 'generated');
    const transcript = path.join(work, 'transcript.json');
    const recording = path.join(work, 'recording.json');
    const generate = await runCli(
      ['generate', '--spec', SPEC, '--out', out, '--validate', 'builtin', '--json', '--transcript', transcript, '--record', recording],
      { env: env(), cwd: work },
    );
    expect(generate.stderr).toContain('wrote');
    expect(generate.code).toBe(0);
    expect(await readFile(path.join(out, 'tests/orders/cancel_order.robot'), 'utf8')).toBe(SELF_CONTAINED_SUITE);
    const reports = [
      generate.stdout,
      generate.stderr,
      tools.stdout,
      tools.stderr,
      await readFile(transcript, 'utf8'),
      await readFile(recording, 'utf8'),
    ];
    expect(reports[4]).toContain('[redacted]');
    expectNoSecret(reports, server.issuedSecrets);
  });

  it('is refreshed once when the server says the access token expired, and the run goes on', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    const before = (await stored()).tokens;
    const sinceLogin = server.mcp.httpRequests.length;
    server.expireAccessTokens();
    const run = await runCli(['tools'], { env: env(), cwd: work });
    expect(run.code).toBe(0);
    expect(server.grants.map((grant) => grant.grant)).toEqual(['authorization_code', 'refresh_token']);
    const after = (await stored()).tokens;
    expect(after?.access_token).not.toBe(before?.access_token);
    expect(after?.refresh_token).not.toBe(before?.refresh_token);
    const requests = server.mcp.httpRequests.slice(sinceLogin);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.authorization === `Bearer ${after?.access_token}`)).toBe(true);
    expectNoSecret([run.stdout, run.stderr], server.issuedSecrets);
  });

  it('is refreshed before use when its expiry has passed, so no request carries the old token', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    const [file] = await storedFiles();
    const signIn = await stored();
    // Two hours and a minute later, by the stored clock; the server would still take the token.
    await writeFile(file as string, JSON.stringify({ ...signIn, tokensSavedAt: (signIn.tokensSavedAt as number) - 7_260_000 }));
    const old = signIn.tokens?.access_token;
    const sinceLogin = server.mcp.httpRequests.length;
    const run = await runCli(['tools'], { env: env(), cwd: work });
    expect(run.code).toBe(0);
    expect(server.grants.map((grant) => grant.grant)).toEqual(['authorization_code', 'refresh_token']);
    const requests = server.mcp.httpRequests.slice(sinceLogin);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.some((request) => request.authorization === `Bearer ${old}`)).toBe(false);
  });

  it('that was revoked ends generate, tools and doctor with exit 3 and the one line to sign in again', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    server.revokeAll();
    await scripted([{ content: fenced(SELF_CONTAINED_SUITE) }]);
    const hint = `run: writer login --mcp-url ${server.url}`;
    const generate = await runCli(['generate', '--spec', SPEC, '--out', path.join(work, 'out'), '--validate', 'builtin'], {
      env: env(),
      cwd: work,
    });
    expect(generate.code).toBe(3);
    expect(oneLine(generate)).toContain(`MCP server ${server.url} refused the stored sign-in, and it could not be refreshed; ${hint}`);
    expect(generate.stderr.split('\n').filter((line) => line.includes(hint))).toHaveLength(1);
    expect(model?.requests).toEqual([]);

    const tools = await runCli(['tools'], { env: env(), cwd: work });
    expect(tools.code).toBe(3);
    // The refused tokens were forgotten by the first run; the line is the same advice.
    expect(oneLine(tools)).toBe(`writer: MCP server ${server.url} wants a sign-in (401); ${hint}`);
    expect(await storedTokens()).toBeUndefined();

    const doctor = await runCli(['doctor'], { env: env(), cwd: work });
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toContain(`✗ MCP auth: MCP server ${server.url}`);
    expect(doctor.stdout).toContain(hint);
    expectNoSecret([generate.stderr, tools.stderr, doctor.stdout, doctor.stderr], server.issuedSecrets);
  });

  it('is not needed to say how to get one: without any, a 401 also exits 3 with the hint', async () => {
    await serve();
    const run = await runCli(['tools'], { env: env(), cwd: work });
    expect(run.code).toBe(3);
    expect(oneLine(run)).toBe(`writer: MCP server ${server.url} wants a sign-in (401); run: writer login --mcp-url ${server.url}`);
  });

  it('signs the legacy SSE transport too', async () => {
    await serve({ path: '/sse', mcp: { mode: 'sse-only' } });
    expect((await login()).code).toBe(0);
    const { tokens } = await stored();
    const run = await runCli(['tools', '--json'], { env: env(), cwd: work });
    expect(run.stderr).toContain('using the legacy SSE transport');
    expect(run.code).toBe(0);
    expect(server.mcp.httpRequests.map((request) => request.path)).toEqual(expect.arrayContaining(['/sse', '/messages']));
    expect(server.mcp.httpRequests.every((request) => request.authorization === `Bearer ${tokens?.access_token}`)).toBe(true);
  });

  it('gives way to a token given explicitly', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    const run = await runCli(['tools'], { env: env({ GITLAB_MCP_TOKEN: 'static-token-of-ci-7788' }), cwd: work });
    // The static token was sent, not the stored one: this server does not know it.
    expect(run.code).toBe(3);
    expect(oneLine(run)).toBe(`writer: MCP server ${server.url} refused the credentials (401); check --mcp-header or GITLAB_MCP_TOKEN`);
    expect(run.stderr).not.toContain('static-token-of-ci-7788');
  });

  it('is reported by doctor with its scope and expiry', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    await scripted([{ content: 'OK' }]);
    const run = await runCli(['doctor', '--conventions', 'none'], { env: env(), cwd: work });
    expect(run.stdout).toMatch(/^✓ MCP auth: stored OAuth token \(writer login, scope mcp, expires \d{4}-\d\d-\d\dT[\d:.]+Z\) accepted$/m);
    expect(run.code).toBe(0);
  });

  it('is forgotten by logout', async () => {
    await serve();
    expect((await login()).code).toBe(0);
    const logout = await runCli(['logout', '--mcp-url', server.url], { env: env(), cwd: work });
    expect(logout.code).toBe(0);
    expect(logout.stdout).toBe(`forgot the sign-in for ${server.url}\n`);
    expect(await storedFiles()).toEqual([]);
    const tools = await runCli(['tools'], { env: env(), cwd: work });
    expect(tools.code).toBe(3);
    expect(oneLine(tools)).toContain(`wants a sign-in (401); run: writer login --mcp-url ${server.url}`);
    const again = await runCli(['logout'], { env: env(), cwd: work });
    expect(again.stdout).toBe(`no sign-in stored for ${server.url}; nothing to forget\n`);
  });
});

describe('a client registered by hand', () => {
  const byHand = {
    client_id: 'writer-by-hand',
    client_secret: CLIENT_SECRET,
    client_name: 'writer (registered by hand)',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  };

  it('is needed where clients cannot register, and then signs in and refreshes with the secret from the environment', async () => {
    await serve({ dynamicRegistration: false, preRegistered: [byHand] });
    const refused = await runCli(['login', '--mcp-url', server.url, '--no-browser'], { env: env(), cwd: work });
    expect(refused.code).toBe(2);
    expect(oneLine(refused)).toContain(
      'does not let clients register themselves; register one there (redirect URI http://127.0.0.1/callback) and pass --oauth-client-id',
    );

    // The team's settings file names the client and refers to the secret.
    await writeFile(
      path.join(work, 'writer.config.json'),
      JSON.stringify({ oauthClientId: 'writer-by-hand', oauthClientSecret: '${WRITER_OAUTH_CLIENT_SECRET}' }),
    );
    const secretEnv = { WRITER_OAUTH_CLIENT_SECRET: CLIENT_SECRET };
    const run = await login([], secretEnv);
    expect(run.code).toBe(0);
    expect(server.grants).toEqual([{ grant: 'authorization_code', clientId: 'writer-by-hand' }]);
    const [file] = await storedFiles();
    expect(await readFile(file as string, 'utf8')).not.toContain(CLIENT_SECRET);
    expect((await stored()).client).toMatchObject({ client_id: 'writer-by-hand' });

    server.expireAccessTokens();
    const tools = await runCli(['tools'], { env: env(secretEnv), cwd: work });
    expect(tools.code).toBe(0);
    expect(server.grants).toEqual([
      { grant: 'authorization_code', clientId: 'writer-by-hand' },
      { grant: 'refresh_token', clientId: 'writer-by-hand' },
    ]);
    expectNoSecret([run.stdout, run.stderr, tools.stdout, tools.stderr], [CLIENT_SECRET, ...server.issuedSecrets]);
  });

  it('refuses a secret written into the settings file', async () => {
    await serve();
    await writeFile(
      path.join(work, 'writer.config.json'),
      JSON.stringify({ oauthClientId: 'writer-by-hand', oauthClientSecret: CLIENT_SECRET }),
    );
    const run = await runCli(['login', '--no-browser'], { env: env(), cwd: work });
    expect(run.code).toBe(2);
    expect(oneLine(run)).toBe(
      'writer: writer.config.json: /oauthClientSecret is a secret; write it as a reference such as "${WRITER_OAUTH_CLIENT_SECRET}" and set the variable in the environment',
    );
    expect(run.stderr).not.toContain(CLIENT_SECRET);
  });
});
