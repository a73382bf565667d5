// Reads shared by every generation of a batch: the conventions file and the
// common resources are fetched from the server once, and identical reads in
// flight at the same moment share one server call. Only read-only tools are
// cached, and failures are not, so a passing fault is tried again.

import { untilAborted } from '../abort.js';
import { toolCallKey, type ToolResult } from '../loop/tool-host.js';
import type { McpCallOptions, McpSession } from './mcp-session.js';

type CallTool = McpSession['callTool'];

export interface ReadCacheStats {
  /** Calls that reached the server. */
  serverCalls: number;
  /** Calls answered from the cache or by joining a call in flight. */
  shared: number;
}

export class SharedReadCache {
  readonly stats: ReadCacheStats = { serverCalls: 0, shared: 0 };
  private readonly entries = new Map<string, Promise<ToolResult>>();

  constructor(
    private readonly callTool: CallTool,
    private readonly cacheable: (toolName: string) => boolean,
  ) {}

  call(name: string, args: Record<string, unknown>, options: McpCallOptions = {}): Promise<ToolResult> {
    if (!this.cacheable(name)) {
      this.stats.serverCalls += 1;
      return this.callTool(name, args, options);
    }
    const key = toolCallKey({ name, arguments: args });
    const cached = this.entries.get(key);
    if (cached) {
      this.stats.shared += 1;
      return untilAborted(cached, options.signal);
    }
    this.stats.serverCalls += 1;
    // The first caller's signal cancels the server call; only Ctrl-C aborts, and it aborts every caller.
    const pending = this.callTool(name, args, options).then((result) => {
      if (result.isError) this.entries.delete(key);
      return result;
    });
    this.entries.set(key, pending);
    pending.catch(() => this.entries.delete(key));
    return pending;
  }
}
