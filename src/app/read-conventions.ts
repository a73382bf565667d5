// Reads the team's conventions document through the MCP tools before the
// first round, so the model has it for certain and spends no round asking.

import { UsageError } from '../errors.js';
import type { McpToolHost } from '../mcp/tool-host.js';
import { isOutcome } from '../mcp/tool-host.js';
import type { ToolDefinition } from '../model/types.js';
import { shapeResult } from '../loop/shape-result.js';

/** Tools that read one file, best first, with the argument that takes the path. */
const FILE_TOOLS: ReadonlyArray<{ name: RegExp; pathArguments: readonly string[] }> = [
  { name: /^get_file_contents$/, pathArguments: ['file_path', 'path'] },
  { name: /^get_repository_file$/, pathArguments: ['file_path', 'path'] },
  { name: /^read_file$/, pathArguments: ['path', 'file_path'] },
  { name: /file/, pathArguments: ['file_path', 'path', 'file'] },
];

export interface ConventionsRead {
  text: string;
  tool: string;
}

export async function readConventions(
  host: McpToolHost,
  conventionsPath: string,
  where: { projectId?: string; ref?: string; maxChars: number; timeoutMs: number; signal?: AbortSignal },
): Promise<ConventionsRead> {
  const found = findFileTool(host.definitions);
  const place = `${conventionsPath} (project ${where.projectId ?? 'not set'}, ref ${where.ref ?? 'not set'})`;
  if (!found) {
    throw new UsageError(`cannot read the conventions file ${place}: the MCP server offers no tool that reads a file (or use --conventions none)`);
  }
  const prepared = host.prepare({ id: 'conventions', name: found.tool, arguments: JSON.stringify({ [found.pathArgument]: conventionsPath }) });
  const outcome = isOutcome(prepared) ? prepared : await host.execute(prepared, { signal: where.signal, timeoutMs: where.timeoutMs });
  const shaped = shapeResult({ ...outcome.result, isError: false }, { maxChars: where.maxChars, shape: true });
  if (outcome.result.isError) {
    throw new UsageError(`cannot read the conventions file ${place} with ${found.tool}: ${shaped.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return { text: shaped.text, tool: found.tool };
}

function findFileTool(definitions: readonly ToolDefinition[]): { tool: string; pathArgument: string } | undefined {
  for (const candidate of FILE_TOOLS) {
    for (const definition of definitions) {
      if (!candidate.name.test(definition.name)) continue;
      const properties = (definition.parameters.properties ?? {}) as Record<string, unknown>;
      const pathArgument = candidate.pathArguments.find((name) => name in properties);
      if (pathArgument) return { tool: definition.name, pathArgument };
    }
  }
  return undefined;
}
