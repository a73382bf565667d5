// A ToolHost living in the test: each tool is a function of the test, every call is
// recorded, and the host counts how many calls run at once. Bad calls (an unknown tool,
// arguments that are not a JSON object) come back as error outcomes, as from the MCP host.

import {
  errorOutcome,
  type PreparedCall,
  type ToolExecutionOptions,
  type ToolHost,
  type ToolOutcome,
  type ToolResult,
} from '../../src/loop/tool-host.js';
import type { ToolCall, ToolDefinition } from '../../src/model/types.js';

/** A tool: text is a successful result; a result is passed on as it is; a rejection is not data (Ctrl-C). */
export type ToolFunction = (
  args: Record<string, unknown>,
  options: ToolExecutionOptions,
) => string | ToolResult | Promise<string | ToolResult>;

export class MemoryToolHost implements ToolHost {
  readonly definitions: readonly ToolDefinition[];
  /** Every executed call, in the order they started. */
  readonly calls: PreparedCall[] = [];
  /** The most calls that ran at the same moment. */
  maxRunning = 0;
  private running = 0;

  constructor(private readonly tools: Record<string, ToolFunction>) {
    this.definitions = Object.keys(tools).map((name) => ({
      name,
      description: `The ${name} tool.`,
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
    }));
  }

  prepare(call: ToolCall): PreparedCall | ToolOutcome {
    if (!(call.name in this.tools)) return errorOutcome(`no tool named '${call.name}'`);
    try {
      const parsed: unknown = call.arguments.trim() ? JSON.parse(call.arguments) : {};
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return { name: call.name, arguments: parsed as Record<string, unknown> };
    } catch {
      // Answered below, like any argument text that is not an object.
    }
    return errorOutcome(`the arguments of '${call.name}' are not a JSON object`);
  }

  async execute(prepared: PreparedCall, options: ToolExecutionOptions = {}): Promise<ToolOutcome> {
    this.calls.push(prepared);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const value = await (this.tools[prepared.name] as ToolFunction)(prepared.arguments, options);
      return { result: typeof value === 'string' ? { content: [{ type: 'text', text: value }], isError: false } : value };
    } finally {
      this.running -= 1;
    }
  }
}

/** A promise the test settles when it chooses, e.g. to finish tool calls in an order of its own. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
