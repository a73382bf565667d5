// Which credential a session with the MCP server uses, and the session: a token
// or credential header given explicitly wins; else the stored sign-in of that
// server (writer login); else none, and a 401 says how to sign in.

import { SECRET_HEADER } from '../config/config-file.js';
import type { McpConfig, OAuthConfig } from '../config/resolve-config.js';
import { McpSession } from '../mcp/mcp-session.js';
import { storedSignIn, type SessionOAuthProvider } from '../mcp/oauth-provider.js';
import type { Redactor } from '../output/redact.js';

export type McpCredential = { kind: 'static'; headers: string[] } | { kind: 'oauth'; provider: SessionOAuthProvider } | { kind: 'none' };

/** The credential of a session; a stored sign-in's tokens join `redactor`. */
export async function mcpCredential(mcp: McpConfig, oauth: OAuthConfig | undefined, redactor: Redactor): Promise<McpCredential> {
  const headers = Object.keys(mcp.headers).filter((name) => SECRET_HEADER.test(name));
  if (headers.length) return { kind: 'static', headers };
  const client = oauth?.clientId ? { clientId: oauth.clientId, clientSecret: oauth.clientSecret } : undefined;
  const provider = oauth ? await storedSignIn(oauth.storeDir, mcp.url, client, redactor) : undefined;
  return provider ? { kind: 'oauth', provider } : { kind: 'none' };
}

export async function connectMcp(
  mcp: McpConfig,
  oauth: OAuthConfig | undefined,
  redactor: Redactor,
  onNotice?: (message: string) => void,
): Promise<{ session: McpSession; credential: McpCredential }> {
  const credential = await mcpCredential(mcp, oauth, redactor);
  return { session: await connectWith(mcp, credential, onNotice), credential };
}

export function connectWith(mcp: McpConfig, credential: McpCredential, onNotice?: (message: string) => void): Promise<McpSession> {
  return McpSession.connect({
    url: mcp.url,
    headers: mcp.headers,
    // Without a credential header a 401 asks for `writer login`; with a stored sign-in the SDK signs and refreshes.
    ...(credential.kind === 'static' ? {} : { oauth: { provider: credential.kind === 'oauth' ? credential.provider : undefined } }),
    ...(onNotice ? { onNotice } : {}),
  });
}

/** A stored token in words, for doctor: its scope, and until when it lasts (read after connecting, which may have refreshed it). */
export async function describeStoredToken(provider: SessionOAuthProvider): Promise<string> {
  const [expiresAt, scope] = await Promise.all([provider.expiresAt(), provider.scope()]);
  const details = ['writer login', scope ? `scope ${scope}` : '', expiresAt ? `expires ${expiresAt.toISOString()}` : 'no expiry given'];
  return `stored OAuth token (${details.filter(Boolean).join(', ')})`;
}
