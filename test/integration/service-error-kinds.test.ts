// Service failures carry a kind, told apart by the SDKs' error classes and
// statuses, never by message text: MCP sessions against the SDK's server over
// HTTP and in memory, every kind's exit code, and doctor's lines per kind
// against servers on 127.0.0.1.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctorChecks, type CheckResult, type DoctorInput } from '../../src/app/doctor.js';
import {
  EXIT_NO_SUITE,
  EXIT_SERVICE,
  EXIT_USAGE,
  ReplyCutError,
  SERVICE_ERROR_KINDS,
  ServiceError,
  UsageError,
  exitCodeOf,
  type ServiceFailure,
} from '../../src/errors.js';
import { McpSession, SignInRequiredError, mcpFailure } from '../../src/mcp/mcp-session.js';
import { Redactor } from '../../src/output/redact.js';
import { startTestMcpServer, type TestMcpServer } from '../fixtures/mcp-server.js';

/** An address where nothing listens. */
const CLOSED = 'http://127.0.0.1:9';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function mcpServer(options: Parameters<typeof startTestMcpServer>[0] = {}): Promise<TestMcpServer> {
  const server = await startTestMcpServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** A model endpoint that answers every request with `status` and an OpenAI error body. */
async function modelEndpoint(status: number): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `status ${status}`, type: 'test' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function connectFailure(options: Parameters<typeof McpSession.connect>[0]): Promise<ServiceError> {
  const error = await McpSession.connect(options).then(
    async (session) => {
      await session.close();
      return new Error('connected');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

function failureOf(error: ServiceError): ServiceFailure {
  return error.kind === 'http' ? { kind: 'http', status: error.status as number } : { kind: error.kind };
}

describe('MCP failures, told apart by the SDK error classes', () => {
  it('a server nobody answers, refused credentials, a sign-in wanted and an error status', async () => {
    expect(failureOf(await connectFailure({ url: `${CLOSED}/mcp`, headers: {} }))).toEqual({ kind: 'unreachable' });

    const guarded = await mcpServer({ token: 'the-right-token' });
    const refused = await connectFailure({ url: guarded.url, headers: { Authorization: 'Bearer a-wrong-token' } });
    expect(failureOf(refused)).toEqual({ kind: 'auth' });
    const wanted = await connectFailure({ url: guarded.url, headers: {}, oauth: {} });
    expect(wanted).toBeInstanceOf(SignInRequiredError);
    expect(wanted.kind).toBe('auth');

    // No MCP endpoint at this path: streamable HTTP's 404 leads to the SSE fallback, which gets a 404 too.
    const open = await mcpServer();
    const wrongPath = await connectFailure({ url: open.url.replace(/\/mcp$/, '/nothing'), headers: {} });
    expect(failureOf(wrongPath)).toEqual({ kind: 'http', status: 404 });
  });

  it('an MCP error answer to a request is a protocol failure', async () => {
    // A server without tools answers tools/list with "method not found".
    const bare = new McpServer({ name: 'no-tools', version: '1.0.0' });
    bare.resource('readme', 'file:///readme', async () => ({ contents: [{ uri: 'file:///readme', text: 'hi' }] }));
    const session = await McpSession.connectInProcess(bare, 'in-process server');
    cleanups.push(() => session.close());
    const error = await session.listTools().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('protocol');
  });

  it('maps each SDK error class and code to its kind', () => {
    expect(mcpFailure(new StreamableHTTPError(401, 'Unauthorized'))).toEqual({ kind: 'auth' });
    expect(mcpFailure(new StreamableHTTPError(403, 'Forbidden'))).toEqual({ kind: 'auth' });
    expect(mcpFailure(new StreamableHTTPError(502, 'Bad Gateway'))).toEqual({ kind: 'http', status: 502 });
    expect(mcpFailure(new StreamableHTTPError(-1, 'no body'))).toEqual({ kind: 'unreachable' });
    expect(mcpFailure(new UnauthorizedError())).toEqual({ kind: 'auth' });
    expect(mcpFailure(new McpError(ErrorCode.RequestTimeout, 'Request timed out'))).toEqual({ kind: 'timeout' });
    expect(mcpFailure(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'))).toEqual({ kind: 'unreachable' });
    expect(mcpFailure(new McpError(ErrorCode.InternalError, 'boom'))).toEqual({ kind: 'protocol' });
    expect(mcpFailure(new TypeError('fetch failed'))).toEqual({ kind: 'unreachable' });
  });
});

describe('exit codes', () => {
  it('every kind of service failure exits 3; the other typed errors keep theirs', () => {
    for (const kind of SERVICE_ERROR_KINDS) {
      const failure = (kind === 'http' ? { kind, status: 500 } : { kind }) as ServiceFailure;
      expect(exitCodeOf(new ServiceError('failed', failure))).toBe(EXIT_SERVICE);
    }
    expect(exitCodeOf(new UsageError('bad flag'))).toBe(EXIT_USAGE);
    expect(exitCodeOf(new ReplyCutError('cut'))).toBe(EXIT_NO_SUITE);
    expect(exitCodeOf(new Error('unexpected'))).toBe(EXIT_SERVICE);
  });
});

describe('doctor, by kind', () => {
  function input(mcpUrl: string, baseURL: string, headers: Record<string, string> = {}): DoctorInput {
    return {
      mcp: { url: mcpUrl, headers },
      tools: { inject: {}, policy: { allowWriteTools: false, allow: [], deny: [] }, fullSchemas: false },
      conventionsPath: null,
      maxToolChars: 10_000,
      toolTimeoutMs: 5_000,
      model: { name: 'gpt-test', baseURL, apiKey: 'sk-doctor-key-1', toolFormat: 'auto' },
    };
  }

  async function lines(doctorInput: DoctorInput): Promise<Map<string, CheckResult>> {
    const results = await runDoctorChecks(doctorInput, () => undefined, new Redactor());
    return new Map(results.map((result) => [result.check, result]));
  }

  const RUNNING_MCP = 'is the server running, and --mcp-url (GITLAB_MCP_URL) right?';
  const RUNNING_MODEL = 'is the server running, and --base-url (OPENAI_BASE_URL) or --provider right?';

  /** The status and hint of each named check, as doctor reported them. */
  function outcomes(results: Map<string, CheckResult>, checks: string[]): Array<[string, string | undefined, string | undefined]> {
    return checks.map((check) => [check, results.get(check)?.status, results.get(check)?.hint]);
  }

  it('an unreachable MCP server and a model endpoint that refuses the key', async () => {
    const results = await lines(input(`${CLOSED}/mcp`, await modelEndpoint(401)));
    expect(outcomes(results, ['MCP server', 'MCP auth', 'model endpoint', 'model'])).toEqual([
      ['MCP server', 'failed', RUNNING_MCP],
      ['MCP auth', 'skipped', undefined],
      ['model endpoint', 'failed', 'set a valid key: OPENAI_API_KEY or --api-key'],
      ['model', 'skipped', undefined],
    ]);
  });

  it('refused MCP credentials, an MCP error status, and a model endpoint that fails otherwise', async () => {
    const guarded = await mcpServer({ token: 'the-right-token' });
    const refused = await lines(input(guarded.url, await modelEndpoint(500), { Authorization: 'Bearer a-wrong-token' }));
    expect(outcomes(refused, ['MCP server', 'MCP auth', 'model endpoint'])).toEqual([
      ['MCP server', 'ok', undefined],
      ['MCP auth', 'failed', 'set a valid token: GITLAB_MCP_TOKEN, --mcp-token or --mcp-header'],
      ['model endpoint', 'failed', RUNNING_MODEL],
    ]);

    const open = await mcpServer();
    const wrongPath = await lines(input(open.url.replace(/\/mcp$/, '/nothing'), `${CLOSED}/v1`));
    expect(outcomes(wrongPath, ['MCP server', 'model endpoint'])).toEqual([
      ['MCP server', 'failed', 'is --mcp-url (GITLAB_MCP_URL) the MCP endpoint of the server?'],
      ['model endpoint', 'failed', RUNNING_MODEL],
    ]);
  });
});
