// What a generation needs of an MCP session: an HTTP one, an in-process one,
// or one that records or replays another. One type, so the wrappers stay interchangeable.

import type { McpSession } from './mcp-session.js';

export type ToolSession = Pick<McpSession, 'listTools' | 'callTool' | 'close' | 'serverName'>;
