// The tools the model may use, backed by an MCP session: the offered set as
// function definitions, and the execution of the model's calls. Tool failures
// are data: an unknown tool, arguments that are not JSON, an error result or a
// thrown protocol error all come back as an error outcome for the model.

import { InterruptedError, errorLine } from '../errors.js';
import { errorOutcome, type PreparedCall, type ToolExecutionOptions, type ToolHost, type ToolOutcome } from '../loop/tool-host.js';
import type { ToolCall, ToolDefinition } from '../model/types.js';
import { compactDefinition } from './compact-schema.js';
import { toFunctionParameters } from './function-schema.js';
import { applyInjection, hideInjected, injectionFor, type InjectionRule, type ToolInjection } from './injection.js';
import type { McpSession, McpTool } from './mcp-session.js';
import { ToolNameMap } from './tool-names.js';

export interface OfferedTool {
  tool: McpTool;
  /** What the model gets: compacted unless compaction is off. */
  definition: ToolDefinition;
  /** The definition before compaction (the server's descriptions, every keyword). */
  full: ToolDefinition;
  injection: ToolInjection;
}

export interface OfferOptions {
  /** Compact descriptions and schemas (see compact-schema.ts); off with --full-schemas. */
  compact: boolean;
}

/** Builds what the model sees for each offered tool. */
export function offerTools(
  tools: readonly McpTool[],
  rules: readonly InjectionRule[],
  options: OfferOptions = { compact: true },
): OfferedTool[] {
  const names = new ToolNameMap(tools.map((tool) => tool.name));
  return tools.map((tool) => {
    // Injection reads the converted schema, where referenced and combined properties sit at the root.
    const converted = toFunctionParameters(tool.inputSchema);
    const injection = injectionFor(converted, rules);
    const full: ToolDefinition = {
      name: names.modelName(tool.name),
      description: tool.description ?? tool.annotations?.title ?? tool.name,
      parameters: hideInjected(converted, injection),
    };
    return { tool, injection, full, definition: options.compact ? compactDefinition(full) : full };
  });
}

export class McpToolHost implements ToolHost {
  readonly definitions: readonly ToolDefinition[];
  private readonly byModelName: Map<string, OfferedTool>;

  constructor(
    private readonly session: Pick<McpSession, 'callTool'>,
    offered: readonly OfferedTool[],
  ) {
    // Sorted by name, whatever order the server lists them in: the tool list is part of every prompt's prefix.
    this.definitions = offered.map((entry) => entry.definition).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.byModelName = new Map(offered.map((entry) => [entry.definition.name, entry]));
  }

  prepare(call: ToolCall): PreparedCall | ToolOutcome {
    const entry = this.byModelName.get(call.name);
    if (!entry) {
      const available = [...this.byModelName.keys()].join(', ');
      return errorOutcome(`Invalid tool call: there is no tool named '${call.name}'. Available tools: ${available}.`);
    }
    const parsed = parseArguments(call.arguments);
    if (typeof parsed === 'string') {
      return errorOutcome(
        `Invalid tool call: the arguments of '${call.name}' are not a JSON object (${parsed}). Send them again as valid JSON.`,
      );
    }
    return { name: entry.tool.name, arguments: applyInjection(parsed, entry.injection) };
  }

  async execute(prepared: PreparedCall, options: ToolExecutionOptions = {}): Promise<ToolOutcome> {
    try {
      const result = await this.session.callTool(prepared.name, prepared.arguments, {
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        onProgress: options.onProgress
          ? (progress, total, message) => options.onProgress?.(message ?? (total ? `${progress}/${total}` : String(progress)))
          : undefined,
      });
      return { result };
    } catch (error) {
      // Ctrl-C: the SDK rejects with its own abort error, which would read as a tool failure.
      if (options.signal?.aborted) throw new InterruptedError();
      return errorOutcome(`Tool '${prepared.name}' failed: ${errorLine(error)}`);
    }
  }
}

function parseArguments(text: string): Record<string, unknown> | string {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return 'not an object';
  } catch (error) {
    return errorLine(error);
  }
}
