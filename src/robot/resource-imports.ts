// Follows `Resource` imports the way Robot Framework resolves them: relative to the
// importing file's folder (POSIX paths), `${CURDIR}` and `${/}` replaced, transitively.

import path from 'node:path';

import type { RobotFile, Setting } from './model.js';
import { readRobot } from './reader.js';
import { containsVariable } from './variables.js';

/** Text of a file, or undefined when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined>;

export interface ImportedResource {
  path: string;
  file: RobotFile;
  /** Line of the checked file's own `Resource` import that led here. */
  via: number;
}

export interface ResourceProblem {
  reason: 'missing' | 'variables';
  /** The import as written. */
  value: string;
  /** Where it was looked for (missing only). */
  path: string | undefined;
  /** The file holding the import. */
  importer: string;
  /** Line of the checked file's own import that led here; the import's own line when direct. */
  via: number;
  direct: boolean;
}

export interface ResourceGraph {
  resources: ImportedResource[];
  problems: ResourceProblem[];
}

/**
 * A resource or library path with `${CURDIR}` and `${/}` replaced, relative to the
 * importing file's folder, or undefined if other variables remain.
 */
export function resolveImportPath(value: string, importerPath: string): string | undefined {
  const folder = path.posix.dirname(importerPath);
  const replaced = value.replace(/\$\{CURDIR\}/g, folder).replace(/\$\{\/\}/g, '/');
  if (containsVariable(replaced)) return undefined;
  // `${CURDIR}` is absolute for Robot; here it already carries the importer's folder.
  const anchored = replaced !== value && /\$\{CURDIR\}/.test(value);
  if (anchored || path.posix.isAbsolute(replaced) || /^[A-Za-z]:\//.test(replaced)) {
    return path.posix.normalize(replaced);
  }
  return path.posix.normalize(path.posix.join(folder, replaced));
}

function resourceImports(file: RobotFile): Setting[] {
  return file.settings.filter((setting) => setting.canonical === 'Resource' && setting.values.length > 0);
}

/** Reads every resource `file` imports, directly or through other resources, once each. */
export async function loadResources(file: RobotFile, filePath: string, readFile: ReadFile): Promise<ResourceGraph> {
  const graph: ResourceGraph = { resources: [], problems: [] };
  const seen = new Set<string>([path.posix.normalize(filePath)]);
  let pending = resourceImports(file).map((setting) => ({ setting, importer: filePath, via: setting.line }));
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    // Each layer of imports is read in parallel; readFile may go over the network.
    const loaded = await Promise.all(
      batch.map(async ({ setting, importer, via }) => {
        const value = setting.values[0]!.value;
        const target = resolveImportPath(value, importer);
        const direct = importer === filePath;
        if (target === undefined) {
          graph.problems.push({ reason: 'variables', value, path: undefined, importer, via, direct });
          return undefined;
        }
        if (seen.has(target)) return undefined;
        seen.add(target);
        const text = await readFile(target);
        if (text === undefined) {
          graph.problems.push({ reason: 'missing', value, path: target, importer, via, direct });
          return undefined;
        }
        return { path: target, file: readRobot(text), via };
      }),
    );
    for (const resource of loaded) {
      if (resource === undefined) continue;
      graph.resources.push(resource);
      pending.push(
        ...resourceImports(resource.file).map((setting) => ({ setting, importer: resource.path, via: resource.via })),
      );
    }
  }
  return graph;
}
