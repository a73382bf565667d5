// Files shipped beside the compiled code (prompts, schemas, examples), found
// from this module's own location so writer works from any working folder.

import { fileURLToPath } from 'node:url';

/** The absolute path of a file in the package, e.g. packageFile('prompts/system.md'). */
export function packageFile(relative: string): string {
  // dist/package-files.js and src/package-files.ts both sit one level below the root.
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}
