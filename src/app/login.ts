// `writer login` and `writer logout`: sign in to an MCP server that wants
// OAuth and keep the sign-in in the user's config folder, or forget it.

import { describeSetting, type OAuthConfig } from '../config/resolve-config.js';
import { UsageError } from '../errors.js';
import { forgetSignIn, signIn, type SignInResult } from '../mcp/oauth-login.js';
import type { Redactor } from '../output/redact.js';

/** GitLab's own MCP server takes only tokens with this scope, and GitLab's documentation tells clients to ask for it. */
const GITLAB_MCP_SCOPE = 'mcp';
/** Where GitLab serves its own MCP server on every instance. */
const GITLAB_MCP_PATH = /\/api\/v4\/mcp\/?$/;

/** --scope, else `mcp` for GitLab's own MCP server, else what the server advertises (undefined). */
function loginScope(mcpUrl: string, scope: string | undefined): string | undefined {
  if (scope) return scope;
  try {
    return GITLAB_MCP_PATH.test(new URL(mcpUrl).pathname) ? GITLAB_MCP_SCOPE : undefined;
  } catch {
    return undefined;
  }
}

export interface LoginOptions {
  mcpUrl: string;
  oauth: OAuthConfig;
  /** Shows the authorization page: opens a browser, or prints the URL. */
  showAuthorizationUrl: (url: URL) => void | Promise<void>;
  signal?: AbortSignal;
  /** The run's redactor: the sign-in's code, verifier and tokens join it. */
  redactor: Redactor;
}

export async function login(options: LoginOptions): Promise<SignInResult> {
  const { oauth } = options;
  if (oauth.clientSecret && !oauth.clientId) {
    throw new UsageError(
      `${describeSetting('oauthClientSecret')} is set but ${describeSetting('oauthClientId')} is not: the secret belongs to a client registered by hand`,
    );
  }
  const scope = loginScope(options.mcpUrl, oauth.scope);
  return signIn({
    serverUrl: options.mcpUrl,
    storeDir: oauth.storeDir,
    ...(oauth.clientId
      ? { client: { clientId: oauth.clientId, ...(oauth.clientSecret ? { clientSecret: oauth.clientSecret } : {}) } }
      : {}),
    ...(scope ? { scope } : {}),
    timeoutMs: oauth.loginTimeoutMs,
    showAuthorizationUrl: options.showAuthorizationUrl,
    redactor: options.redactor,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export function logout(mcpUrl: string, oauth: OAuthConfig, redactor: Redactor): Promise<boolean> {
  return forgetSignIn(oauth.storeDir, mcpUrl, redactor);
}
