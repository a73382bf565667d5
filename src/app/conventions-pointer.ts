// No second copy of the conventions: writer puts the document in the first
// message, and a model that asks for it again (under any spelling of the tool
// and the path) gets a one-line pointer to that message instead of the text,
// which would otherwise be resent with every later request. A read of another
// ref, or of a part of the file, goes through as usual.

import path from 'node:path';
import { canonicalJson } from '../loop/canonical-json.js';
import type { PreparedCall, ToolExecutionOptions, ToolHost, ToolOutcome } from '../loop/tool-host.js';
import type { ToolCall } from '../model/types.js';
import { fileReaderPathArguments } from './repository-reader.js';

export class ConventionsPointer implements ToolHost {
  private readonly pathArguments: readonly string[];

  /**
   * `original` is writer's own read of the conventions (the call as it was sent), `conventionsPath`
   * the document's path, `pointer` the line the model gets instead of the text.
   */
  constructor(
    private readonly inner: ToolHost,
    private readonly original: PreparedCall,
    private readonly conventionsPath: string,
    private readonly pointer: string,
  ) {
    // Writer's own tool may be a reader found by its name alone: its path is where writer put it.
    const holding = Object.keys(original.arguments).filter((key) => samePath(original.arguments[key], conventionsPath));
    this.pathArguments = [...new Set([...(fileReaderPathArguments(original.name) ?? []), ...holding])];
  }

  get definitions(): ToolHost['definitions'] {
    return this.inner.definitions;
  }

  prepare(call: ToolCall): PreparedCall | ToolOutcome {
    return this.inner.prepare(call);
  }

  isRepeat(prepared: PreparedCall): boolean {
    return !this.readsConventions(prepared) && (this.inner.isRepeat?.(prepared) ?? false);
  }

  async execute(prepared: PreparedCall, options: ToolExecutionOptions = {}): Promise<ToolOutcome> {
    if ((options.caller ?? 'model') === 'model' && this.readsConventions(prepared)) {
      return { result: { content: [{ type: 'text', text: this.pointer }], isError: false } };
    }
    return this.inner.execute(prepared, options);
  }

  /** The same file at the same ref, all of it: a known file reader, the path in any spelling, every other argument as writer sent it. */
  readsConventions(prepared: PreparedCall): boolean {
    const names = prepared.name === this.original.name ? this.pathArguments : fileReaderPathArguments(prepared.name);
    if (!names) return false;
    const given = names.filter((name) => prepared.arguments[name] !== undefined);
    if (!given.length) return false;
    if (!given.every((name) => samePath(prepared.arguments[name], this.conventionsPath))) return false;
    return canonicalJson(without(prepared.arguments, names)) === canonicalJson(without(this.original.arguments, this.pathArguments));
  }
}

/** Paths as models write them: ./doc/x.md, /doc/x.md, doc%2Fx.md, doc//x.md all name doc/x.md. */
function samePath(value: unknown, expected: string): boolean {
  return typeof value === 'string' && normalize(value) === normalize(expected);
}

function normalize(value: string): string {
  let decoded = value.trim();
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Not percent-encoded after all: compared as it is.
  }
  return path.posix.normalize(`/${decoded}`).replace(/^\/+/, '').replace(/\/+$/, '');
}

function without(args: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([key]) => !names.includes(key)));
}
