// One session with an MCP server: connect over streamable HTTP (falling back to
// the legacy SSE transport for older servers) or to a server in this process,
// list every tool, call tools, and close cleanly. The only module that talks to
// the MCP SDK's client side, with the OAuth modules beside it.

import { UnauthorizedError, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { operationSignal } from '../abort.js';
import { ServiceError, errorLine, type ServiceFailure } from '../errors.js';
import type { ToolContentPart, ToolResult } from '../loop/tool-host.js';
import { packageManifest } from '../package-files.js';
import { SignInNeededError, type SessionOAuthProvider } from './oauth-provider.js';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; title?: string };
}

export interface McpCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: number, total: number | undefined, message: string | undefined) => void;
}

export interface McpConnectOptions {
  url: string;
  headers: Record<string, string>;
  /**
   * Present when no credential header is sent: a 401 then asks for `writer login`,
   * and `provider` (a stored sign-in) signs every request, refreshed through the SDK.
   */
  oauth?: { provider?: SessionOAuthProvider };
  /** Told once when the server needs the legacy SSE transport. */
  onNotice?: (message: string) => void;
}

/** What a 401 of the MCP server said about signing in (RFC 9728's WWW-Authenticate parameters). */
export interface SignInChallenge {
  resourceMetadataUrl?: URL;
  scope?: string;
}

/** A server living in this process, e.g. an McpServer of the SDK. */
export interface InProcessServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

const CLIENT_INFO = { name: 'writer', version: packageManifest().version };

export class McpSession {
  private constructor(
    private readonly client: Client,
    private readonly transport: Transport,
    readonly url: string,
    readonly transportKind: 'streamable-http' | 'sse' | 'in-process',
    private readonly closeServer?: () => Promise<void>,
  ) {}

  /** A session with a server in this process over a linked pair of in-memory transports; `label` names it in errors. */
  static async connectInProcess(server: InProcessServer, label: string): Promise<McpSession> {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client(CLIENT_INFO);
    try {
      await server.connect(serverTransport);
      await client.connect(clientTransport);
    } catch (error) {
      await client.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      throw new ServiceError(
        `${label}: the embedded MCP server did not start: ${errorLine(error)}`,
        { kind: 'unreachable' },
        { cause: error },
      );
    }
    return new McpSession(client, clientTransport, label, 'in-process', () => server.close());
  }

  static async connect(options: McpConnectOptions): Promise<McpSession> {
    const url = parseUrl(options.url);
    const requestInit: RequestInit = { headers: options.headers };
    const challenge: { last?: SignInChallenge } = {};
    const authProvider = options.oauth?.provider;
    const transportOptions = { requestInit, authProvider, fetch: recordingChallenge(url, challenge) };
    const describe = (error: unknown): ServiceError => describeConnectError(options, error, challenge.last);
    const streamable = new StreamableHTTPClientTransport(url, transportOptions);
    const client = new Client(CLIENT_INFO);
    try {
      await client.connect(streamable);
      return new McpSession(client, streamable, options.url, 'streamable-http');
    } catch (error) {
      // The MCP specification's backwards-compatibility rule: a server that
      // answers 404 or 405 to the initial POST may speak the older SSE transport.
      if (!(error instanceof StreamableHTTPError && (error.code === 404 || error.code === 405))) {
        await client.close().catch(() => undefined);
        throw describe(error);
      }
    }
    options.onNotice?.(`MCP server ${options.url} does not speak streamable HTTP; using the legacy SSE transport`);
    // The SDK sends requestInit's headers and the OAuth token with the event stream's GET too.
    const sse = new SSEClientTransport(url, transportOptions);
    const legacyClient = new Client(CLIENT_INFO);
    try {
      await legacyClient.connect(sse);
    } catch (error) {
      await legacyClient.close().catch(() => undefined);
      throw describe(error);
    }
    return new McpSession(legacyClient, sse, options.url, 'sse');
  }

  get serverName(): string {
    const info = this.client.getServerVersion();
    return info ? `${info.name} ${info.version}` : 'unknown server';
  }

  /** Every tool of the server, following nextCursor through all pages. */
  async listTools(): Promise<McpTool[]> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    const seenCursors = new Set<string>();
    try {
      do {
        const page = await this.client.listTools(cursor ? { cursor } : undefined);
        tools.push(...(page.tools as McpTool[]));
        cursor = page.nextCursor;
        // A server that repeats a cursor would loop forever.
        if (cursor && seenCursors.has(cursor)) break;
        if (cursor) seenCursors.add(cursor);
      } while (cursor);
    } catch (error) {
      throw new ServiceError(`MCP server ${this.url}: listing tools failed: ${errorLine(error)}`, mcpFailure(error), { cause: error });
    }
    return tools;
  }

  /** Calls a tool. Protocol errors are thrown as they are; callers turn them into results. */
  async callTool(name: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<ToolResult> {
    // The SDK never removes its abort listener: each call gets a signal of its own.
    const call = operationSignal(options.signal);
    const result = await this.client
      .callTool({ name, arguments: args }, undefined, {
        signal: call.signal,
        timeout: options.timeoutMs,
        onprogress: options.onProgress
          ? (progress) => options.onProgress?.(progress.progress, progress.total, progress.message)
          : undefined,
      })
      .finally(call.release);
    const content = Array.isArray(result.content) ? (result.content as ToolContentPart[]) : [];
    if (!content.length && 'toolResult' in result) {
      // Servers of the 2024-10-07 protocol answer with toolResult instead of content.
      return { content: [{ type: 'text', text: JSON.stringify(result.toolResult) }], isError: false };
    }
    return { content, isError: result.isError === true, structuredContent: result.structuredContent };
  }

  /** Ends the session on the server (DELETE for streamable HTTP), then closes the transport. */
  async close(): Promise<void> {
    if (this.transport instanceof StreamableHTTPClientTransport) {
      await this.transport.terminateSession().catch(() => undefined);
    }
    await this.client.close().catch(() => undefined);
    await this.closeServer?.().catch(() => undefined);
  }
}

function parseUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ServiceError(`MCP server URL is not a URL: ${value}`, { kind: 'unreachable' });
  }
}

/** A fetch that keeps what the MCP server's last 401 said about signing in; requests to other addresses (the authorization server) are left alone. */
function recordingChallenge(server: URL, into: { last?: SignInChallenge }): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 401 && String(input) === server.href) {
      const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
      into.last = { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) };
    }
    return response;
  };
}

/**
 * What kind of failure an error of the MCP SDK is, by its class: an HTTP status
 * of either transport (401 and 403 are refused credentials), an OAuth error of the
 * authorization server, a JSON-RPC error answer (a request timeout among them),
 * else no answer at all.
 */
export function mcpFailure(error: unknown): ServiceFailure {
  if (error instanceof UnauthorizedError || error instanceof SignInNeededError || error instanceof OAuthError) return { kind: 'auth' };
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    const status = error.code;
    if (status === 401 || status === 403) return { kind: 'auth' };
    if (typeof status === 'number' && status > 0) return { kind: 'http', status };
    return { kind: 'unreachable' };
  }
  if (error instanceof McpError) {
    const code: ErrorCode = error.code;
    if (code === ErrorCode.RequestTimeout) return { kind: 'timeout' };
    if (code === ErrorCode.ConnectionClosed) return { kind: 'unreachable' };
    return { kind: 'protocol' };
  }
  return { kind: 'unreachable' };
}

/**
 * The server wants a sign-in that writer does not have (none stored, or the stored
 * one refused and not refreshable). The one line says how to get one.
 */
export class SignInRequiredError extends ServiceError {
  constructor(
    readonly url: string,
    readonly hadStoredSignIn: boolean,
    /** What the server's 401 said; `writer login` starts from it. */
    readonly challenge: SignInChallenge | undefined,
    status: number | undefined,
  ) {
    const what = hadStoredSignIn
      ? `refused the stored sign-in${status ? ` (${status})` : ''}, and it could not be refreshed`
      : `wants a sign-in${status ? ` (${status})` : ''}`;
    super(`MCP server ${url} ${what}; run: writer login --mcp-url ${shellWord(url)}`, { kind: 'auth' });
  }
}

/** The URL as one word of a shell command line, quoted when it holds characters a shell would read. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_\-.:/@%+=,~]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function describeConnectError(options: McpConnectOptions, error: unknown, challenge: SignInChallenge | undefined): ServiceError {
  const url = options.url;
  const failure = mcpFailure(error);
  const status = error instanceof StreamableHTTPError || error instanceof SseError ? error.code : undefined;
  if (options.oauth && failure.kind === 'auth') {
    return new SignInRequiredError(url, options.oauth.provider !== undefined, challenge, status);
  }
  if (failure.kind === 'auth') {
    const code = status !== undefined ? ` (${status})` : '';
    return new ServiceError(`MCP server ${url} refused the credentials${code}; check --mcp-header or GITLAB_MCP_TOKEN`, failure);
  }
  if (failure.kind === 'http') return new ServiceError(`MCP server ${url} answered HTTP ${failure.status}: ${errorLine(error)}`, failure);
  const cause = error instanceof Error ? error.cause : undefined;
  return new ServiceError(`MCP server ${url} unreachable: ${errorLine(cause ?? error)}`, failure, { cause: error });
}
