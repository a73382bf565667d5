// Reads one repository file through the offered MCP tools, for writer's own
// needs: the conventions before the first round, and the resources a suite
// imports when it is checked. Results come back as the file's text.

import type { RememberingToolHost } from '../loop/remembering-tool-host.js';
import { isOutcome, type ToolHost, type ToolOutcome } from '../loop/tool-host.js';
import type { ToolDefinition } from '../model/types.js';

/** Tools that read one file, best first, with the argument that takes the path. */
const FILE_TOOLS: ReadonlyArray<{ name: RegExp; pathArguments: readonly string[]; guess?: true }> = [
  { name: /^get_file_contents$/, pathArguments: ['file_path', 'path'] },
  { name: /^get_repository_file$/, pathArguments: ['file_path', 'path'] },
  { name: /^read_file$/, pathArguments: ['path', 'file_path'] },
  // A last resort for writer's own reads: a tool named like this may also do something else with a file.
  { name: /file/, pathArguments: ['file_path', 'path', 'file'], guess: true },
];

export type FileRead = { ok: true; text: string } | { ok: false; message: string };

export class RepositoryReader {
  /** The tool used to read files, or undefined when the offered set has none. */
  readonly tool: { name: string; pathArgument: string } | undefined;

  constructor(
    private readonly host: ToolHost,
    private readonly options: { timeoutMs: number; signal?: AbortSignal },
  ) {
    this.tool = findFileTool(host.definitions);
  }

  /** The call that reads `path` as it would be sent (injected values included), or an error outcome. */
  prepareRead(path: string): ReturnType<ToolHost['prepare']> | undefined {
    if (!this.tool) return undefined;
    return this.host.prepare({ id: 'writer-read', name: this.tool.name, arguments: JSON.stringify({ [this.tool.pathArgument]: path }) });
  }

  async read(path: string): Promise<FileRead> {
    const prepared = this.prepareRead(path);
    if (!prepared) return { ok: false, message: 'the MCP server offers no tool that reads a file' };
    const outcome = isOutcome(prepared) ? prepared : await this.host.execute(prepared, { ...this.options, caller: 'writer' });
    const text = outcomeText(outcome);
    if (outcome.result.isError) return { ok: false, message: text.replace(/\s+/g, ' ').trim().slice(0, 300) };
    return { ok: true, text: fileText(text) };
  }

  /**
   * The files read so far in this generation, by the model or by writer, whose paths
   * `wanted` accepts; only a host that remembers its calls can tell.
   */
  async filesRead(wanted: (path: string) => boolean): Promise<Array<{ path: string; text: string }>> {
    const tool = this.tool;
    const remembered = (this.host as Partial<RememberingToolHost>).remembered?.bind(this.host);
    if (tool === undefined || remembered === undefined) return [];
    const reads = remembered().filter((call) => call.name === tool.name && typeof call.arguments[tool.pathArgument] === 'string');
    const files = await Promise.all(
      reads.map(async (call) => {
        const path = call.arguments[tool.pathArgument] as string;
        if (!wanted(path)) return [];
        const outcome = await call.outcome.catch(() => undefined);
        if (outcome === undefined || outcome.result.isError) return [];
        return [{ path, text: fileText(outcomeText(outcome)) }];
      }),
    );
    return files.flat();
  }

  /** For the suite checks: the text, or undefined when the file cannot be read. */
  readonly readOrUndefined = async (path: string): Promise<string | undefined> => {
    const read = await this.read(path);
    return read.ok ? read.text : undefined;
  };
}

function outcomeText(outcome: ToolOutcome): string {
  return outcome.result.content.map((part) => (part.type === 'text' ? (part.text ?? '') : (part.resource?.text ?? ''))).join('\n');
}

/** A GitLab Files API object (what @zereight/mcp-gitlab returns) gives its content; other text is the file. */
function fileText(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const file = JSON.parse(text) as { content?: unknown; encoding?: unknown };
    if (typeof file.content !== 'string') return text;
    return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
  } catch {
    return text;
  }
}

/** The arguments that take the path, when `name` is known to be a tool that reads one file. */
export function fileReaderPathArguments(name: string): readonly string[] | undefined {
  return FILE_TOOLS.find((candidate) => !candidate.guess && candidate.name.test(name))?.pathArguments;
}

function findFileTool(definitions: readonly ToolDefinition[]): { name: string; pathArgument: string } | undefined {
  for (const candidate of FILE_TOOLS) {
    for (const definition of definitions) {
      if (!candidate.name.test(definition.name)) continue;
      const properties = (definition.parameters.properties ?? {}) as Record<string, unknown>;
      const pathArgument = candidate.pathArguments.find((name) => name in properties);
      if (pathArgument) return { name: definition.name, pathArgument };
    }
  }
  return undefined;
}
