// Follows `Resource` imports (and `Import Resource` calls) the way Robot Framework resolves
// them: relative to the importing file's folder (POSIX paths), `${CURDIR}` and `${/}`
// replaced, then on the module search path; transitively, in every format Robot reads.

import path from 'node:path';

import type { RobotFile } from './model.js';
import { runTimeImports } from './run-time-imports.js';
import { blockTooDeep } from './nesting.js';
import { readRobotSource } from './source-formats.js';
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
  /** `searchPath`: not found, but Robot may find it on the module search path. */
  reason: 'missing' | 'searchPath' | 'variables' | 'invalid' | 'nesting';
  /** The import as written. */
  value: string;
  /** Where it was looked for (missing and invalid only). */
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

export interface ResourceOptions {
  /** Folders Robot also searches (`--pythonpath`, robot.toml `python-path`), in the same path space. */
  pythonPath?: readonly string[];
  /** Languages of the run, for localised resources. */
  languages?: readonly string[];
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
  if (anchored || isAbsolute(replaced)) {
    return path.posix.normalize(replaced);
  }
  return path.posix.normalize(path.posix.join(folder, replaced));
}

/**
 * Where Robot looks for an imported file, in order: next to the importer, then in each
 * search-path folder. Absolute and `${CURDIR}` paths have one place only.
 */
export function importCandidates(value: string, importerPath: string, pythonPath: readonly string[] = []): string[] | undefined {
  const local = resolveImportPath(value, importerPath);
  if (local === undefined) return undefined;
  const relative = value.replace(/\$\{\/\}/g, '/');
  if (/\$\{CURDIR\}/.test(value) || isAbsolute(relative)) return [local];
  const searched = pythonPath.map((folder) => path.posix.normalize(path.posix.join(folder, relative)));
  return [...new Set([local, ...searched])];
}

/** A relative path that does not start at the importer (`./`, `../`) may be on the module search path. */
export function mayBeOnSearchPath(value: string): boolean {
  const relative = value.replace(/\$\{\/\}/g, '/');
  return !/\$\{CURDIR\}/.test(value) && !isAbsolute(relative) && !/^\.\.?\//.test(relative);
}

/** The first of the candidates that exists, with its text. */
export async function readFirst(candidates: readonly string[], readFile: ReadFile): Promise<{ path: string; text: string } | undefined> {
  for (const candidate of candidates) {
    const text = await readFile(candidate);
    if (text !== undefined) return { path: candidate, text };
  }
  return undefined;
}

interface PendingImport {
  value: string;
  importer: string;
  via: number;
}

/** The resource imports a file makes: its `Resource` settings, then its `Import Resource` calls. */
function resourceImportsOf(file: RobotFile, importer: string, via: number | undefined): PendingImport[] {
  const settings = file.settings
    .filter((setting) => setting.canonical === 'Resource' && setting.values.length > 0)
    .map((setting) => ({ value: setting.values[0]!.value, line: setting.line }));
  const calls = runTimeImports(file)
    .filter((entry) => entry.kind === 'resource')
    .map((entry) => ({ value: entry.values[0]!.value, line: entry.line }));
  return [...settings, ...calls].map(({ value, line }) => ({ value, importer, via: via ?? line }));
}

/** Reads every resource `file` imports, directly or through other resources, once each. */
export async function loadResources(
  file: RobotFile,
  filePath: string,
  readFile: ReadFile,
  options: ResourceOptions = {},
): Promise<ResourceGraph> {
  const graph: ResourceGraph = { resources: [], problems: [] };
  const seen = new Set<string>([path.posix.normalize(filePath)]);
  let pending = resourceImportsOf(file, filePath, undefined);
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    // Each layer of imports is read in parallel; readFile may go over the network.
    const loaded = await Promise.all(
      batch.map(async ({ value, importer, via }) => {
        const direct = importer === filePath;
        const problem = (reason: ResourceProblem['reason'], where?: string): undefined => {
          graph.problems.push({ reason, value, path: where, importer, via, direct });
          return undefined;
        };
        const candidates = importCandidates(value, importer, options.pythonPath);
        if (candidates === undefined) return problem('variables');
        if (candidates.some((candidate) => seen.has(candidate))) return undefined;
        candidates.forEach((candidate) => seen.add(candidate));
        const found = await readFirst(candidates, readFile);
        if (found === undefined) return problem(mayBeOnSearchPath(value) ? 'searchPath' : 'missing', candidates[0]);
        const resource = readRobotSource(found.path, found.text, { languages: options.languages });
        if (resource === undefined) return problem('invalid', found.path);
        // Every walk of its bodies would overflow the stack; the checked file itself is refused the same way.
        if (blockTooDeep(resource) !== undefined) return problem('nesting', found.path);
        return { path: found.path, file: resource, via };
      }),
    );
    for (const resource of loaded) {
      if (resource === undefined) continue;
      graph.resources.push(resource);
      pending.push(...resourceImportsOf(resource.file, resource.path, resource.via));
    }
  }
  return graph;
}

function isAbsolute(value: string): boolean {
  return path.posix.isAbsolute(value) || /^[A-Za-z]:\//.test(value);
}
