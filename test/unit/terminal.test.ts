// One decision, for every command, of when output is live and coloured.

import { describe, expect, it } from 'vitest';
import { liveTerminal, paintFor } from '../../src/cli/terminal.js';

const terminal = (columns: number): NodeJS.WriteStream => ({ isTTY: true, columns }) as NodeJS.WriteStream;
const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;

describe('the terminal', () => {
  it('is live on a terminal of known width outside CI only', () => {
    expect(liveTerminal(terminal(80), {})).toBe(true);
    expect(liveTerminal(terminal(80), { CI: 'true' })).toBe(false);
    expect(liveTerminal(terminal(0), {})).toBe(false);
    expect(liveTerminal(pipe, {})).toBe(false);
  });

  it('is coloured where it is live, unless NO_COLOR is set', () => {
    expect(paintFor(terminal(80), {}).level).toBe(1);
    expect(paintFor(terminal(80), { NO_COLOR: '1' }).level).toBe(0);
    expect(paintFor(pipe, {}).level).toBe(0);
    expect(paintFor(terminal(80), { CI: 'true' }).level).toBe(0);
  });
});
