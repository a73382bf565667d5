// Opens a URL in the user's browser with the platform's own opener, when there
// is a screen to show it on. Says whether it started one; the caller prints the
// URL either way, so a browser that never appears leaves the user a way on.

import { spawn } from 'node:child_process';

type Env = Record<string, string | undefined>;

/** Whether a browser can appear: a desktop session on Linux and the BSDs; macOS and Windows always have one, unless over SSH. */
export function hasDisplay(env: Env, platform: NodeJS.Platform): boolean {
  if (env.SSH_CONNECTION && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function opener(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // start is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/** Starts the opener, detached; resolves false when it cannot be started at all. */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [command, args] = opener(platform, url);
  return new Promise((resolve) => {
    try {
      // cmd reads its own command line: the arguments go to it as written (the & of the URL escaped above).
      const child = spawn(command, args, {
        detached: true,
        stdio: 'ignore',
        windowsHide: true,
        windowsVerbatimArguments: platform === 'win32',
      });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
