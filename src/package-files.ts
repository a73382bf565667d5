// Files shipped beside the compiled code (prompts, schemas, examples, the
// package manifest), found from this module's own location so writer works
// from any working folder.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The absolute path of a file in the package, e.g. packageFile('prompts/system.md'). */
export function packageFile(relative: string): string {
  // dist/package-files.js and src/package-files.ts both sit one level below the root.
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

export interface PackageManifest {
  name: string;
  version: string;
}

/** The package's name and version, read from its package.json: the one place the version is written. */
export function packageManifest(): PackageManifest {
  const { name, version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as PackageManifest;
  return { name, version };
}
