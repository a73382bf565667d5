// No duplicate calls within one generation: the same tool with the same
// arguments (after injection, keys in any order) is answered from memory and
// not sent to the server again, whether the model or writer itself asked first.

import type { ToolCall } from '../model/types.js';
import type { ToolExecutionOptions, ToolHost, ToolOutcome } from '../mcp/tool-host.js';
import { canonicalJson } from './canonical-json.js';

type Prepared = { name: string; arguments: Record<string, unknown> };

interface Memory {
  outcome: Promise<ToolOutcome>;
  askedByModel: boolean;
}

export class RememberingToolHost implements ToolHost {
  private readonly memory = new Map<string, Memory>();

  constructor(private readonly inner: ToolHost) {}

  get definitions(): ToolHost['definitions'] {
    return this.inner.definitions;
  }

  prepare(call: ToolCall): Prepared | ToolOutcome {
    return this.inner.prepare(call);
  }

  isRepeat(prepared: Prepared): boolean {
    return this.memory.get(keyOf(prepared))?.askedByModel === true;
  }

  /** Every call made so far (the model's and writer's own), with its outcome; failures are forgotten. */
  remembered(): Array<Prepared & { outcome: Promise<ToolOutcome> }> {
    return [...this.memory.entries()].map(([key, entry]) => {
      const [name = '', args = '{}'] = key.split('\u0000');
      return { name, arguments: JSON.parse(args) as Record<string, unknown>, outcome: entry.outcome };
    });
  }

  async execute(prepared: Prepared, options: ToolExecutionOptions = {}): Promise<ToolOutcome> {
    const byModel = (options.caller ?? 'model') === 'model';
    const key = keyOf(prepared);
    const earlier = this.memory.get(key);
    if (earlier) {
      if (byModel) earlier.askedByModel = true;
      return earlier.outcome;
    }
    const outcome = this.inner.execute(prepared, options);
    const entry: Memory = { outcome, askedByModel: byModel };
    this.memory.set(key, entry);
    // A failure (a timeout, a dropped connection) may not happen again: a repeat goes to the server.
    const forget = (): void => {
      if (this.memory.get(key) === entry) this.memory.delete(key);
    };
    outcome.then((settled) => {
      if (settled.result.isError) forget();
    }, forget);
    return outcome;
  }
}

function keyOf(prepared: Prepared): string {
  return `${prepared.name}\u0000${canonicalJson(prepared.arguments)}`;
}
