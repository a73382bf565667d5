import { describe, expect, it } from 'vitest';
import { hasDisplay } from '../../src/cli/open-browser.js';

describe('hasDisplay', () => {
  it('opens a browser only where one can appear', () => {
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
    // Over SSH the desktop is someone else's, unless the session forwards a display.
    expect(hasDisplay({ SSH_CONNECTION: '10.0.0.1 22 10.0.0.2 22' }, 'darwin')).toBe(false);
    expect(hasDisplay({ SSH_CONNECTION: '10.0.0.1 22 10.0.0.2 22', DISPLAY: 'localhost:10.0' }, 'linux')).toBe(true);
  });
});
