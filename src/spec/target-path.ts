// Where a suite may be written: inside the output folder and nowhere else.
// A spec comes from a planner we do not control, so its path is untrusted.

import path from 'node:path';
import { UsageError } from '../errors.js';

/** The absolute output file for a spec's relative target path, refused when it leaves `outDir`; `field` names the spec field in errors. */
export function resolveTargetPath(outDir: string, targetPath: string, specFile: string, field = '/rf/target_path'): string {
  if (path.isAbsolute(targetPath) || path.win32.isAbsolute(targetPath) || targetPath.includes('\0')) {
    throw new UsageError(`${specFile}: ${field} must be relative to the output folder, got '${targetPath}'`);
  }
  const root = path.resolve(outDir);
  const resolved = path.resolve(root, targetPath.replace(/\\/g, '/'));
  if (resolved === root || !resolved.startsWith(root + path.sep)) {
    throw new UsageError(`${specFile}: ${field} '${targetPath}' climbs out of the output folder ${outDir}`);
  }
  return resolved;
}
