// The MCP SDK's OAuth client (its OAuthClientProvider interface) backed by
// the stored sign-in. The SDK does the protocol: discovery, registration, PKCE,
// the code exchange and refreshes; these classes only keep what it hands them.
// A login's provider may register and shows the authorization URL; a session's
// never registers or redirects: when only a new sign-in would help, it says so.

import { auth, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Redactor } from '../output/redact.js';
import { SignInStore, tokensExpireAt, type StoredSignIn } from './oauth-store.js';

/** How writer names itself when it registers with an authorization server. */
const CLIENT_NAME = 'writer';
/** A session never completes a redirect; registrations name the loopback callback path of `writer login`. */
const SESSION_REDIRECT_URL = 'http://127.0.0.1/callback';
/** A token this close to its end is refreshed before it is sent, so that no request crosses the end. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** A client registered by hand with the authorization server (--oauth-client-id, WRITER_OAUTH_CLIENT_SECRET). */
export interface PreRegisteredClient {
  clientId: string;
  clientSecret?: string;
}

export interface StoredProviderOptions {
  store: SignInStore;
  /** The callback of a login; a session's provider has none of its own. */
  redirectUrl?: string;
  client?: PreRegisteredClient;
  /** Asked for when registering; by default what the server advertises. */
  scope?: string;
  /** Only a login may register a client; elsewhere a missing registration means a new login. */
  mayRegister?: boolean;
}

/** Only a new `writer login` helps: no client is registered, or the stored one does not fit. */
export class SignInNeededError extends Error {
  constructor() {
    super('a new sign-in is needed');
  }
}

/** The stored sign-in as the SDK's OAuth client: what it saves lands in the store, what it asks for comes from there. */
export class StoredOAuthProvider implements OAuthClientProvider {
  private verifier: string | undefined;
  /** The access token last handed out, so that a refused one is forgotten only if no one replaced it meanwhile. */
  private lastAccessToken: string | undefined;
  /** Set when the SDK wanted to send the user to the authorization page. */
  protected authorizationUrl: URL | undefined;

  constructor(protected readonly options: StoredProviderOptions) {}

  get redirectUrl(): string {
    return this.options.redirectUrl ?? SESSION_REDIRECT_URL;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: CLIENT_NAME,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // A command-line program cannot keep a secret: it registers as a public client, and PKCE protects the code.
      token_endpoint_auth_method: 'none',
      ...(this.options.scope ? { scope: this.options.scope } : {}),
    };
  }

  /** Whether the SDK asked to send the user to the authorization page. */
  get wantsAuthorization(): boolean {
    return this.authorizationUrl !== undefined;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const stored = (await this.options.store.read())?.client;
    const byHand = this.options.client;
    if (byHand) {
      // The issuer a hand-registered client was first used with is kept, so it is never shown to another server.
      const issuer = stored?.client_id === byHand.clientId ? stored.issuer : undefined;
      return {
        client_id: byHand.clientId,
        ...(byHand.clientSecret ? { client_secret: byHand.clientSecret } : {}),
        ...(issuer ? { issuer } : {}),
      };
    }
    if (!stored && !this.options.mayRegister) throw new SignInNeededError();
    return stored;
  }

  async saveClientInformation(information: OAuthClientInformationMixed): Promise<void> {
    const stored = (await this.options.store.read())?.client;
    // Outside a login only the binding of the known client to its issuer is saved, never a new registration.
    if (
      !this.options.mayRegister &&
      stored?.client_id !== information.client_id &&
      this.options.client?.clientId !== information.client_id
    ) {
      throw new SignInNeededError();
    }
    // The secret of a client registered by hand stays in the environment, never in the store.
    const { client_secret: _secret, ...withoutSecret } = information;
    const kept = this.options.client ? withoutSecret : information;
    await this.options.store.update((current) => ({ ...current, client: kept }));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const tokens = (await this.options.store.read())?.tokens;
    this.lastAccessToken = tokens?.access_token;
    return tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.options.store.addSecrets([tokens.access_token, tokens.refresh_token, tokens.id_token]);
    await this.options.store.update((current) => ({ ...current, tokens, tokensSavedAt: Date.now() }));
  }

  redirectToAuthorization(authorizationUrl: URL): void | Promise<void> {
    this.authorizationUrl = authorizationUrl;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.options.store.addSecrets([codeVerifier]);
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no sign-in is in progress');
    return this.verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier' || scope === 'all') this.verifier = undefined;
    if (scope === 'verifier') return;
    const refused = this.lastAccessToken;
    await this.options.store.update((current) => {
      const next: StoredSignIn = { ...current };
      if (scope === 'all' || scope === 'client') delete next.client;
      if (scope === 'all' || scope === 'discovery') delete next.discovery;
      // Another run may have refreshed the tokens since they were read; those are kept.
      if ((scope === 'all' || scope === 'tokens') && (refused === undefined || current.tokens?.access_token === refused)) {
        delete next.tokens;
        delete next.tokensSavedAt;
      }
      return next;
    });
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.options.store.read())?.discovery;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.options.store.update((current) => ({ ...current, discovery: state }));
  }
}

/**
 * The provider of `writer login`: it starts from no tokens (a login always asks
 * anew), discovers the server afresh, may register, and shows the authorization
 * URL; the old sign-in stays stored until the new one replaces it.
 */
export class LoginOAuthProvider extends StoredOAuthProvider {
  private fresh: OAuthTokens | undefined;
  private discovered: OAuthDiscoveryState | undefined;

  constructor(
    options: StoredProviderOptions & { redirectUrl: string },
    private readonly expectedState: string,
    private readonly showAuthorizationUrl: (url: URL) => void | Promise<void>,
  ) {
    super({ ...options, mayRegister: true });
  }

  state(): string {
    return this.expectedState;
  }

  override tokens(): Promise<OAuthTokens | undefined> {
    return Promise.resolve(this.fresh);
  }

  override async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.fresh = tokens;
    await super.saveTokens(tokens);
  }

  override async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    this.authorizationUrl = authorizationUrl;
    await this.showAuthorizationUrl(authorizationUrl);
  }

  override async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'tokens') {
      this.fresh = undefined;
      return;
    }
    if (scope === 'discovery') {
      this.discovered = undefined;
      return;
    }
    await super.invalidateCredentials(scope);
  }

  override discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return Promise.resolve(this.discovered);
  }

  override async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    this.discovered = state;
    await super.saveDiscoveryState(state);
  }

  /** What discovery found; empty when the server named no authorization server metadata. */
  get discoveredState(): OAuthDiscoveryState | undefined {
    return this.discovered;
  }
}

/**
 * The provider a session's transport holds: the stored tokens, refreshed through
 * the SDK shortly before they expire, once for all requests that want them at the
 * same moment (refresh tokens are single-use on servers such as GitLab, so two
 * refreshes racing would sign the run out). A refused token is refreshed by the
 * transport itself on the server's 401.
 */
export class SessionOAuthProvider extends StoredOAuthProvider {
  private readonly refresher: StoredOAuthProvider;
  private refreshing: Promise<unknown> | undefined;

  constructor(
    options: StoredProviderOptions,
    private readonly serverUrl: string,
    private readonly now: () => number = Date.now,
  ) {
    super({ ...options, redirectUrl: undefined, mayRegister: false });
    this.refresher = new StoredOAuthProvider({ ...options, redirectUrl: undefined, mayRegister: false });
  }

  override async tokens(): Promise<OAuthTokens | undefined> {
    const stored = await this.options.store.read();
    const expiresAt = tokensExpireAt(stored);
    if (stored?.tokens?.refresh_token && expiresAt && expiresAt.getTime() - this.now() < TOKEN_REFRESH_MARGIN_MS) {
      this.refreshing ??= auth(this.refresher, { serverUrl: this.serverUrl })
        .catch(() => undefined)
        .finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return super.tokens();
  }

  /** When the stored access token expires, if the server said. */
  async expiresAt(): Promise<Date | undefined> {
    return tokensExpireAt(await this.options.store.read());
  }

  /** The scope the stored token was granted, if the server said. */
  async scope(): Promise<string | undefined> {
    return (await this.options.store.read())?.tokens?.scope;
  }
}

/**
 * The provider for a session with the stored sign-in of `serverUrl`, or undefined when
 * nothing usable is stored. Its tokens, also refreshed ones, join `redactor`.
 */
export async function storedSignIn(
  folder: string,
  serverUrl: string,
  client: PreRegisteredClient | undefined,
  redactor: Redactor,
): Promise<SessionOAuthProvider | undefined> {
  const store = new SignInStore(folder, serverUrl, redactor);
  const stored = await store.read();
  if (!stored?.tokens) return undefined;
  return new SessionOAuthProvider({ store, client }, serverUrl);
}
