// What the model gets of an offered tool: what it needs to call the tool right
// (names, types, required parameters, enums, the gist of each description) and
// nothing else. The definitions are resent with every request, so every byte
// of a description written for a general assistant is paid for many times.
// A compacted schema accepts every argument object the full one accepts: it
// only drops constraints, never adds one.

import type { ToolDefinition } from '../model/types.js';

type Schema = Record<string, unknown>;

/** A tool's description keeps its first sentence or two within this many characters: what the tool does. */
export const TOOL_DESCRIPTION_MAX_CHARS = 120;
/** A parameter's description keeps its first sentence within this many characters: what the value is. */
export const PARAMETER_DESCRIPTION_MAX_CHARS = 80;
const TOOL_DESCRIPTION_SENTENCES = 2;
const PARAMETER_DESCRIPTION_SENTENCES = 1;

/** Keywords that carry a subschema or a list of them: compacted in turn. */
const SUBSCHEMA_LISTS = ['anyOf', 'allOf', 'prefixItems'] as const;
/**
 * Everything else the model reads to call a tool; other keywords (titles, defaults, examples, formats,
 * bounds, patterns, additionalProperties, not, if/then/else) are dropped, which only widens what is accepted.
 * `nullable` stays: validators that know it accept null only with it.
 */
const KEPT_VALUES = ['type', 'enum', 'const', 'required', 'nullable'] as const;

/** The definition as the model gets it: the short description and the compacted parameters. */
export function compactDefinition(definition: ToolDefinition): ToolDefinition {
  return {
    name: definition.name,
    description: shortDescription(definition.description, TOOL_DESCRIPTION_MAX_CHARS, TOOL_DESCRIPTION_SENTENCES),
    parameters: compactSchema(definition.parameters) as Schema,
  };
}

export function compactSchema(node: unknown): unknown {
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const key of KEPT_VALUES) if (node[key] !== undefined) out[key] = node[key];
  if (typeof node.description === 'string') {
    const description = shortDescription(node.description, PARAMETER_DESCRIPTION_MAX_CHARS, PARAMETER_DESCRIPTION_SENTENCES);
    if (description) out.description = description;
  }
  if (isSchema(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, compactSchema(child)]));
  }
  if (node.items !== undefined) out.items = Array.isArray(node.items) ? node.items.map(compactSchema) : compactSchema(node.items);
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(compactSchema);
  }
  // A value that matched exactly one branch may match several once the branches are widened: oneOf becomes anyOf.
  if (Array.isArray(node.oneOf)) out.anyOf = [...((out.anyOf as unknown[] | undefined) ?? []), ...node.oneOf.map(compactSchema)];
  return out;
}

/** Abbreviations whose period ends no sentence. */
const ABBREVIATION = /(?:^|\s)(?:e\.g|i\.e|etc|vs|approx|incl|cf|min|max|no)\.$/i;

/**
 * The first sentences of a description (whitespace collapsed), as many as fit in `maxChars`,
 * at most `maxSentences`; a first sentence longer than the limit is cut at a word and marked with "…".
 */
export function shortDescription(text: string, maxChars: number, maxSentences: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = splitSentences(flat);
  let kept = '';
  for (const sentence of sentences.slice(0, maxSentences)) {
    const next = kept ? `${kept} ${sentence}` : sentence;
    if (next.length > maxChars) break;
    kept = next;
  }
  if (kept) return kept;
  const first = sentences[0] ?? '';
  if (first.length <= maxChars) return first;
  const cut = first.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(-]+$/, '')}…`;
}

/** Sentences end at . ! or ? followed by a space and not after a known abbreviation. */
function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    const end = (match.index ?? 0) + 1;
    if (ABBREVIATION.test(text.slice(start, end))) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
