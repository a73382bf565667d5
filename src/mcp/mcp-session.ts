// One session with an MCP server: connect over streamable HTTP (falling back to
// the legacy SSE transport for older servers) or to a server in this process,
// list every tool, call tools, and close cleanly. The only module that talks to
// the MCP SDK's client side.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { operationSignal } from '../abort.js';
import { ServiceError, errorLine } from '../errors.js';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; title?: string };
}

export interface McpContentPart {
  type: string;
  text?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

export interface McpCallResult {
  content: McpContentPart[];
  isError: boolean;
  structuredContent?: unknown;
}

export interface McpCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: number, total: number | undefined, message: string | undefined) => void;
}

export interface McpConnectOptions {
  url: string;
  headers: Record<string, string>;
  /** Told once when the server needs the legacy SSE transport. */
  onNotice?: (message: string) => void;
}

/** A server living in this process, e.g. an McpServer of the SDK. */
export interface InProcessServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

const CLIENT_INFO = { name: 'writer', version: '0.1.0' };

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
      throw new ServiceError(`${label}: the embedded MCP server did not start: ${errorLine(error)}`);
    }
    return new McpSession(client, clientTransport, label, 'in-process', () => server.close());
  }

  static async connect(options: McpConnectOptions): Promise<McpSession> {
    const url = parseUrl(options.url);
    const requestInit: RequestInit = { headers: options.headers };
    const streamable = new StreamableHTTPClientTransport(url, { requestInit });
    const client = new Client(CLIENT_INFO);
    try {
      await client.connect(streamable);
      return new McpSession(client, streamable, options.url, 'streamable-http');
    } catch (error) {
      // The MCP specification's backwards-compatibility rule: a server that
      // answers 404 or 405 to the initial POST may speak the older SSE transport.
      if (!(error instanceof StreamableHTTPError && (error.code === 404 || error.code === 405))) {
        await client.close().catch(() => undefined);
        throw describeConnectError(options.url, error);
      }
    }
    options.onNotice?.(`MCP server ${options.url} does not speak streamable HTTP; using the legacy SSE transport`);
    const sse = new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(options.headers) } });
    const legacyClient = new Client(CLIENT_INFO);
    try {
      await legacyClient.connect(sse);
    } catch (error) {
      await legacyClient.close().catch(() => undefined);
      throw describeConnectError(options.url, error);
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
      throw new ServiceError(`MCP server ${this.url}: listing tools failed: ${errorLine(error)}`);
    }
    return tools;
  }

  /** Calls a tool. Protocol errors are thrown as they are; callers turn them into results. */
  async callTool(name: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<McpCallResult> {
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
    const content = Array.isArray(result.content) ? (result.content as McpContentPart[]) : [];
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
    throw new ServiceError(`MCP server URL is not a URL: ${value}`);
  }
}

function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...headers, ...(init?.headers as Record<string, string>) } });
}

/** A connection that failed, and why: nobody answered, the credentials were refused, or another HTTP error. */
export class McpConnectError extends ServiceError {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'auth' | 'http',
  ) {
    super(message);
  }
}

function describeConnectError(url: string, error: unknown): ServiceError {
  const code = (error as { code?: unknown }).code;
  if (code === 401 || code === 403) {
    return new McpConnectError(`MCP server ${url} refused the credentials (${code}); check --mcp-header or GITLAB_MCP_TOKEN`, 'auth');
  }
  if (typeof code === 'number' && code > 0) {
    return new McpConnectError(`MCP server ${url} answered HTTP ${code}: ${errorLine(error)}`, 'http');
  }
  const cause = (error as { cause?: unknown }).cause;
  return new McpConnectError(`MCP server ${url} unreachable: ${errorLine(cause ?? error)}`, 'unreachable');
}
