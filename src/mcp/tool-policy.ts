// Decides which of the server's tools the model is offered and may call.
// Read-only is enforced here, not requested in a prompt: a tool that is not
// offered cannot be executed, whatever name the model sends.

import type { McpTool } from './mcp-session.js';

export interface ToolPolicyOptions {
  allowWriteTools: boolean;
  /** The exact set to offer (--tools); read-only still applies. */
  only?: readonly string[];
  allow?: readonly string[];
  deny?: readonly string[];
  /** Offer every read-only tool, not just the repository-reading ones. */
  all?: boolean;
}

export interface ToolVerdict {
  tool: McpTool;
  readOnly: boolean;
  /** Where the read-only verdict comes from. */
  readOnlyBy: 'annotation' | 'name';
  offered: boolean;
  reason: string;
}

export interface ToolSelection {
  verdicts: ToolVerdict[];
  offered: McpTool[];
  warnings: string[];
}

/** Names that read without changing anything, for servers that give no annotations. */
const READ_ONLY_NAME = /^(get|list|search|read)_|^search$/;

/** Tools that read repository content: files, trees, code search, the project itself. */
const REPOSITORY_READER = [
  /^get_file_contents$/,
  /^get_repository_file$/,
  /^(get|list)_repository_tree$/,
  /^get_tree$/,
  /^read_(file|multiple_files)$/,
  /^list_(files|directory)$/,
  /^(gitlab_)?search$/,
  /^semantic_code_search$/,
  /^search_(code|repositories|blobs|project_code|group_code)$/,
  /_code_search$|^code_search/,
  /^get_project$/,
  /^get_raw_file$/,
];

export function selectTools(tools: readonly McpTool[], options: ToolPolicyOptions): ToolSelection {
  const warnings: string[] = [];
  // A server that annotates its tools says which are read-only; MCP's default for a
  // missing readOnlyHint is false. Only a server with no annotations at all gets the name rule.
  const annotated = tools.some((tool) => typeof tool.annotations?.readOnlyHint === 'boolean');
  if (!annotated && tools.length) {
    warnings.push(
      'the MCP server gives no readOnlyHint annotations; treating only tools named get_*, list_*, search_* or read_* as read-only',
    );
  }
  const verdicts = tools.map((tool) => judge(tool, options, annotated));
  const unknown = (options.only ?? []).filter((name) => !tools.some((tool) => tool.name === name));
  if (unknown.length) warnings.push(`--tools names tools the server does not have: ${unknown.join(', ')}`);
  const offered = verdicts.filter((verdict) => verdict.offered).map((verdict) => verdict.tool);
  if (tools.length && !offered.length) {
    warnings.push('no tool of the MCP server is offered to the model; name the reading tools with --tools or --allow-tool');
  }
  return { verdicts, offered, warnings };
}

function judge(tool: McpTool, options: ToolPolicyOptions, annotated: boolean): ToolVerdict {
  const readOnly = annotated ? tool.annotations?.readOnlyHint === true : READ_ONLY_NAME.test(tool.name);
  const readOnlyBy = annotated ? 'annotation' : 'name';
  const verdict = (offered: boolean, reason: string): ToolVerdict => ({ tool, readOnly, readOnlyBy, offered, reason });

  if (!readOnly && !options.allowWriteTools) {
    return verdict(false, annotated ? 'may write (not annotated readOnlyHint: true)' : 'may write (name not read-only)');
  }
  if (options.deny?.some((pattern) => globMatch(pattern, tool.name))) return verdict(false, 'denied by --deny-tool');
  if (options.only?.length) {
    return options.only.includes(tool.name) ? verdict(true, 'named by --tools') : verdict(false, 'not named by --tools');
  }
  if (options.allow?.some((pattern) => globMatch(pattern, tool.name))) return verdict(true, 'allowed by --allow-tool');
  if (options.all) return verdict(true, readOnly ? 'read-only' : 'write tools allowed');
  if (REPOSITORY_READER.some((pattern) => pattern.test(tool.name))) return verdict(true, 'reads the repository');
  return verdict(false, 'not needed to read the repository (offer it with --allow-tool)');
}

/** Shell-style globs: * any run of characters, ? one character. */
export function globMatch(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}
