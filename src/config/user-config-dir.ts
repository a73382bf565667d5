// Where writer keeps what belongs to the user rather than to a project: the
// sign-ins of `writer login`. Never the working folder, which may be a repository.

import { homedir } from 'node:os';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/** `$XDG_CONFIG_HOME/writer`, else `~/.config/writer` (the XDG base directory rule: a relative XDG_CONFIG_HOME is ignored). */
export function userConfigDir(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'writer');
  const home = env.HOME || homedir();
  return path.join(home, '.config', 'writer');
}
