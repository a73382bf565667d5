// `writer login` against one MCP server, through the MCP SDK's auth(): ask the
// server, follow its metadata (RFC 9728, RFC 8414), register when needed (RFC
// 7591), send the user to the authorization page with PKCE S256 and a state,
// take the code at the loopback callback, exchange it, and prove the new tokens
// with a real session. Everything is stored per server by the SignInStore.

import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { ServiceError, UsageError, WriterError, errorLine } from '../errors.js';
import type { Redactor } from '../output/redact.js';
import { listenForCallback } from './oauth-callback.js';
import { LoginOAuthProvider, storedSignIn, type PreRegisteredClient } from './oauth-provider.js';
import { SignInStore, tokensExpireAt } from './oauth-store.js';
import { McpSession, SignInRequiredError, mcpFailure, type SignInChallenge } from './mcp-session.js';

/** Bytes of randomness in the state parameter: unguessable, as RFC 6749 §10.12 asks. */
const STATE_BYTES = 32;

export interface SignInOptions {
  serverUrl: string;
  /** The folder of stored sign-ins. */
  storeDir: string;
  client?: PreRegisteredClient;
  /** --scope; by default what the server's 401 or its metadata advertise. */
  scope?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Shows the authorization page: opens a browser, or prints the URL. */
  showAuthorizationUrl: (url: URL) => void | Promise<void>;
  /** The run's redactor: the code, the verifier and the tokens join it. */
  redactor: Redactor;
}

export type SignInResult =
  | { status: 'not-needed'; serverUrl: string; server: string }
  | { status: 'signed-in'; serverUrl: string; server: string; scope?: string; expiresAt?: Date; file: string };

export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const store = new SignInStore(options.storeDir, options.serverUrl, options.redactor);
  const challenge = await askServer(options.serverUrl);
  if ('server' in challenge) return { status: 'not-needed', serverUrl: store.serverUrl, server: challenge.server };

  const state = randomBytes(STATE_BYTES).toString('base64url');
  const callback = await listenForCallback({ state, timeoutMs: options.timeoutMs, signal: options.signal, redactor: options.redactor });
  const scope = options.scope ?? challenge.scope;
  const provider = new LoginOAuthProvider(
    { store, redirectUrl: callback.redirectUrl, client: options.client, scope },
    state,
    options.showAuthorizationUrl,
  );
  const request = { serverUrl: options.serverUrl, resourceMetadataUrl: challenge.resourceMetadataUrl, scope };
  try {
    const started = await auth(provider, request).catch((error: unknown) => {
      throw explainStartFailure(provider, options, error);
    });
    if (started !== 'REDIRECT' || !provider.wantsAuthorization) {
      throw new ServiceError(`MCP server ${options.serverUrl}: the authorization server gave no authorization page to sign in at`, {
        kind: 'protocol',
      });
    }
    const code = await callback.code;
    // The code exchange, as the transports' finishAuth() does it, with the same resource metadata and scope.
    const finished = await auth(provider, { ...request, authorizationCode: code }).catch((error: unknown) => {
      throw signInFailed(options.serverUrl, error);
    });
    if (finished !== 'AUTHORIZED') {
      throw new ServiceError(`MCP server ${options.serverUrl}: the authorization server did not accept the sign-in`, { kind: 'auth' });
    }
  } finally {
    await callback.close();
  }
  const server = await proveSignIn(options);
  const stored = await store.read();
  return {
    status: 'signed-in',
    serverUrl: store.serverUrl,
    server,
    ...((stored?.tokens?.scope ?? scope) ? { scope: stored?.tokens?.scope ?? scope } : {}),
    ...(tokensExpireAt(stored) ? { expiresAt: tokensExpireAt(stored) } : {}),
    file: store.file,
  };
}

/** Forgets the sign-in of one server; says whether there was one. */
export function forgetSignIn(storeDir: string, serverUrl: string, redactor: Redactor): Promise<boolean> {
  return new SignInStore(storeDir, serverUrl, redactor).remove();
}

/** Whether the server wants a sign-in at all, and what its 401 said about it. */
async function askServer(serverUrl: string): Promise<SignInChallenge | { server: string }> {
  try {
    const session = await McpSession.connect({ url: serverUrl, headers: {}, oauth: {} });
    const server = session.serverName;
    await session.close();
    return { server };
  } catch (error) {
    if (error instanceof SignInRequiredError) return error.challenge ?? {};
    throw error;
  }
}

/** A failure before the browser opens, said in terms of what the user can change. */
function explainStartFailure(provider: LoginOAuthProvider, options: SignInOptions, error: unknown): unknown {
  const discovered = provider.discoveredState;
  if (discovered && !discovered.authorizationServerMetadata) {
    return new UsageError(
      `MCP server ${options.serverUrl} refuses requests without credentials but publishes no OAuth metadata to sign in with; ` +
        'it may want a token instead: --mcp-token, GITLAB_MCP_TOKEN or --mcp-header',
    );
  }
  if (!options.client && discovered?.authorizationServerMetadata && !discovered.authorizationServerMetadata.registration_endpoint) {
    return new UsageError(
      `the authorization server of ${options.serverUrl} does not let clients register themselves; ` +
        'register one there (redirect URI http://127.0.0.1/callback) and pass --oauth-client-id, with WRITER_OAUTH_CLIENT_SECRET when it has a secret',
    );
  }
  return signInFailed(options.serverUrl, error);
}

function signInFailed(serverUrl: string, error: unknown): WriterError {
  if (error instanceof WriterError) return error;
  return new ServiceError(`signing in to ${serverUrl} failed: ${errorLine(error)}`, mcpFailure(error), { cause: error });
}

/** A real session with the stored sign-in: the tokens work, and the server's name is what the user signed in to. */
async function proveSignIn(options: SignInOptions): Promise<string> {
  const provider = await storedSignIn(options.storeDir, options.serverUrl, options.client, options.redactor);
  if (!provider) throw new ServiceError(`MCP server ${options.serverUrl}: the sign-in was not stored`, { kind: 'auth' });
  const session = await McpSession.connect({ url: options.serverUrl, headers: {}, oauth: { provider } });
  const server = session.serverName;
  await session.close();
  return server;
}
