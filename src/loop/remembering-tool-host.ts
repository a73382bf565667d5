// No duplicate calls within one generation: the same tool with the same
// arguments (after injection, keys in any order) is answered from memory and
// not sent to the server again, whether the model or writer itself asked first.

import type { ToolCall } from '../model/types.js';
import { toolCallKey, type PreparedCall, type ToolExecutionOptions, type ToolHost, type ToolOutcome } from './tool-host.js';

interface Memory {
  call: PreparedCall;
  outcome: Promise<ToolOutcome>;
  askedByModel: boolean;
}

export class RememberingToolHost implements ToolHost {
  private readonly memory = new Map<string, Memory>();

  constructor(private readonly inner: ToolHost) {}

  get definitions(): ToolHost['definitions'] {
    return this.inner.definitions;
  }

  prepare(call: ToolCall): PreparedCall | ToolOutcome {
    return this.inner.prepare(call);
  }

  isRepeat(prepared: PreparedCall): boolean {
    return this.memory.get(toolCallKey(prepared))?.askedByModel === true;
  }

  /** Every call made so far (the model's and writer's own), with its outcome; failures are forgotten. */
  remembered(): Array<PreparedCall & { outcome: Promise<ToolOutcome> }> {
    return [...this.memory.values()].map(({ call, outcome }) => ({ ...call, outcome }));
  }

  async execute(prepared: PreparedCall, options: ToolExecutionOptions = {}): Promise<ToolOutcome> {
    const byModel = (options.caller ?? 'model') === 'model';
    const key = toolCallKey(prepared);
    const earlier = this.memory.get(key);
    if (earlier) {
      if (byModel) earlier.askedByModel = true;
      return earlier.outcome;
    }
    const outcome = this.inner.execute(prepared, options);
    const entry: Memory = { call: prepared, outcome, askedByModel: byModel };
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
