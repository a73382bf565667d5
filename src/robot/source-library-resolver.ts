// Library files of the repository itself (`Library  ../libs/orders.py`, a package folder, a
// module on the team's python-path): read through the checks' own file reader (the MCP
// tools during a generation, the disk for lint) and never imported; Python's `ast` in the
// helper reads them when Python is present, the built-in reader otherwise.

import path from 'node:path';

import { HelperAnswerError, HelperUnavailableError, type RobotPython } from './robot-python.js';
import { isLibraryPath } from './library-imports.js';
import type { KeywordSpec, LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';
import { type SourceKeywords, readLibrarySource } from './python-source-reader.js';
import { type ReadFile, importCandidates } from './resource-imports.js';
import { embeddedArgumentNames } from './user-keywords.js';

/** Reading one file's source with `ast` is instant; more means the helper is stuck. */
const SOURCE_TIMEOUT_MS = 10_000;

/** A file a library import may name, and the module name Robot gives it. */
export interface LibraryFile {
  /** The `.py` file to read: the file itself, or a package's `__init__.py`. */
  file: string;
  module: string;
}

/**
 * Where Robot looks for a library, in order: a path relative to the importing file's folder,
 * then on the module search path; a module name (`orders`, `reports.daily`) only on the
 * search path, as a module file or a package folder.
 */
export function libraryFiles(library: LibraryImport): LibraryFile[] {
  const searchPath = library.searchPath ?? [];
  if (isLibraryPath(library.name)) {
    const candidates = importCandidates(library.name.replace(/\\/g, '/'), library.importer, searchPath) ?? [];
    return candidates.map((target) => {
      if (/\.py$/i.test(target)) return { file: target, module: path.posix.basename(target).replace(/\.py$/i, '') };
      const folder = target.replace(/\/+$/, '');
      return { file: `${folder}/__init__.py`, module: path.posix.basename(folder) };
    });
  }
  if (!MODULE_NAME.test(library.name)) return [];
  const relative = library.name.replace(/\./g, '/');
  const module = library.name.slice(library.name.lastIndexOf('.') + 1);
  return searchPath.flatMap((folder) => [
    { file: path.posix.join(folder, `${relative}.py`), module },
    { file: path.posix.join(folder, relative, '__init__.py'), module },
  ]);
}

/** A Python module name, dotted or not; anything else (variables, arguments) is not looked for. */
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The repository's library files that the imports name and that exist, for tools that import them. */
export async function existingLibraryFiles(imports: readonly LibraryImport[], readFile: ReadFile): Promise<string[]> {
  const found = await Promise.all(
    imports.map(async (library) => {
      for (const { file } of libraryFiles(library)) if ((await readFile(file)) !== undefined) return file;
      return undefined;
    }),
  );
  return [...new Set(found.filter((file) => file !== undefined))];
}

export function repositoryLibraries(readFile: ReadFile, python?: RobotPython): LibraryResolver {
  return {
    async resolve(library: LibraryImport, signal?: AbortSignal): Promise<LibrarySpec | undefined> {
      for (const located of libraryFiles(library)) {
        const text = await readFile(located.file);
        if (text === undefined) continue;
        const read = await readSource(text, located.module, python, signal);
        // Found but not readable: no other source stands in for the repository's own module.
        if (read.keywords === undefined) return { name: library.name, keywords: [], origin: 'source', partial: read.reason };
        return { name: library.name, keywords: read.keywords.map(withoutEmbeddedArguments), origin: 'source' };
      }
      return undefined;
    },
  };
}

/**
 * A library keyword with embedded arguments (`@keyword('Cancel Order ${id}')`) gets them
 * from the name into its first parameters; a call passes only the others. libdoc (and so
 * the installed and shipped data) leaves them out already; a source read here must too.
 */
function withoutEmbeddedArguments(keyword: KeywordSpec): KeywordSpec {
  let embedded = keyword.args === undefined ? 0 : embeddedArgumentNames(keyword.name).length;
  if (embedded === 0) return keyword;
  // Only positional parameters take them: none after `*varargs` or the named-only marker.
  let positional = true;
  const args = keyword.args!.filter((cell) => {
    if (cell.startsWith('*')) positional = false;
    if (!positional || embedded === 0 || cell === '/') return true;
    embedded -= 1;
    return false;
  });
  return { ...keyword, args: args[0] === '/' ? args.slice(1) : args };
}

async function readSource(text: string, module: string, python: RobotPython | undefined, signal?: AbortSignal): Promise<SourceKeywords> {
  if (python !== undefined && python.failure === undefined) {
    try {
      const answer = await python.request<{ keywords: Array<{ name: string; args: string[] | null }> | null; reason?: string }>(
        'source',
        { text, module },
        { timeoutMs: SOURCE_TIMEOUT_MS, signal },
      );
      if (answer.keywords === null) return { keywords: undefined, reason: answer.reason ?? 'unknown' };
      return { keywords: answer.keywords.map(({ name, args }) => (args === null ? { name } : { name, args })) };
    } catch (cause) {
      // A file Python cannot parse fails at run time too; the built-in reader still gives what it can.
      if (!(cause instanceof HelperAnswerError || cause instanceof HelperUnavailableError)) throw cause;
    }
  }
  return readLibrarySource(text, module);
}
