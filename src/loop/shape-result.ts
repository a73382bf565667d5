// Shapes a tool result for the model. Every byte a result adds is resent in
// every later round, so files come as plain text under a short header instead
// of escaped JSON, repository trees as one path a line, other JSON is
// compacted, and long results are cut in the middle.

import type { ToolContentPart, ToolResult } from './tool-host.js';

export interface ShapedResult {
  text: string;
  /** Characters removed by truncation. */
  truncatedChars: number;
}

export interface ShapeOptions {
  maxChars: number;
  /** Whether to unwrap JSON-wrapped files and compact JSON (off only to measure the difference). */
  shape: boolean;
}

export function shapeResult(result: ToolResult, options: ShapeOptions): ShapedResult {
  const joined = result.content.map((part) => partText(part, options.shape)).join('\n');
  const text = result.isError ? `ERROR: ${joined || 'the tool reported an error without a message'}` : joined;
  return truncate(text, options.maxChars);
}

function partText(part: ToolContentPart, shape: boolean): string {
  if (part.type === 'text') return shape ? shapeText(part.text ?? '') : (part.text ?? '');
  if (part.type === 'resource' && typeof part.resource?.text === 'string') {
    return `${part.resource.uri ? `Resource ${part.resource.uri}\n` : ''}${part.resource.text}`;
  }
  return `[${part.type} content${part.mimeType ? ` (${part.mimeType})` : ''} omitted]`;
}

function shapeText(text: string): string {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return text;
  }
  return unwrapFile(value) ?? treeListing(value) ?? JSON.stringify(value);
}

const TREE_ENTRY_TYPES = new Set(['tree', 'blob', 'commit']);

/**
 * A GitLab tree listing (an array of {id, name, type, path, mode}, or keyset pages of them under `items`)
 * as one path a line, folders ending in /: the model needs the paths, not the object ids and modes.
 */
function treeListing(value: unknown): string | undefined {
  const page = isRecord(value) && Array.isArray(value.items) ? value : undefined;
  const entries = page ? (page.items as unknown[]) : value;
  if (!Array.isArray(entries) || !entries.length) return undefined;
  const lines: string[] = [];
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry.path !== 'string' || typeof entry.type !== 'string' || !TREE_ENTRY_TYPES.has(entry.type))
      return undefined;
    lines.push(entry.type === 'tree' ? `${entry.path}/` : entry.type === 'commit' ? `${entry.path} (submodule)` : entry.path);
  }
  const next = page && typeof page.next_page_token === 'string' && page.next_page_token ? [`next_page_token: ${page.next_page_token}`] : [];
  return [...lines, ...next].join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A GitLab Files API object (as @zereight/mcp-gitlab returns it) as a header and the file text. */
function unwrapFile(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const file = value as Record<string, unknown>;
  if (typeof file.content !== 'string') return undefined;
  const path = file.file_path ?? file.path ?? file.file_name;
  if (typeof path !== 'string') return undefined;
  const content = file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
  const ref = typeof file.ref === 'string' ? ` (ref ${file.ref})` : '';
  return `File ${path}${ref}:\n${content}`;
}

export function truncate(text: string, maxChars: number): ShapedResult {
  if (text.length <= maxChars) return { text, truncatedChars: 0 };
  // Keep the head (imports, first definitions) and the tail (last definitions).
  const head = Math.floor(maxChars * 0.7);
  const tail = maxChars - head;
  const cut = text.length - head - tail;
  const marker =
    `\n\n[... ${cut} of ${text.length} characters cut here. ` +
    'To see less at once, ask for a narrower path, or a line range where the tool offers one. ...]\n\n';
  return { text: text.slice(0, head) + marker + text.slice(text.length - tail), truncatedChars: cut };
}
