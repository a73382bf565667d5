// Library files of the repository itself (`Library  ../libs/orders.py`, a package folder):
// read through the checks' own file reader (the MCP tools during a generation, the disk
// for lint) and never imported; Python's `ast` in the helper reads them when Python is
// present, the built-in reader otherwise.

import path from 'node:path';

import { HelperAnswerError, HelperUnavailableError, type PythonHelper } from '../python/python-helper.js';
import { isLibraryPath } from './library-imports.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';
import { type SourceKeywords, readLibrarySource } from './python-source-reader.js';
import { type ReadFile, resolveImportPath } from './resource-imports.js';

/** Reading one file's source with `ast` is instant; more means the helper is stuck. */
const SOURCE_TIMEOUT_MS = 10_000;

/** The file a library path names and the module name Robot gives it. */
export interface LibraryFile {
  /** The `.py` file to read: the file itself, or a package's `__init__.py`. */
  file: string;
  module: string;
}

/** Where a library path points, relative to the importing file's folder like Robot does. */
export function libraryFile(library: LibraryImport): LibraryFile | undefined {
  if (!isLibraryPath(library.name)) return undefined;
  const target = resolveImportPath(library.name.replace(/\\/g, '/'), library.importer);
  if (target === undefined) return undefined;
  if (/\.py$/i.test(target)) return { file: target, module: path.posix.basename(target).replace(/\.py$/i, '') };
  const folder = target.replace(/\/+$/, '');
  return { file: `${folder}/__init__.py`, module: path.posix.basename(folder) };
}

export function repositoryLibraries(readFile: ReadFile, python?: PythonHelper): LibraryResolver {
  return {
    async resolve(library: LibraryImport, signal?: AbortSignal): Promise<LibrarySpec | undefined> {
      const located = libraryFile(library);
      if (located === undefined) return undefined;
      const text = await readFile(located.file);
      if (text === undefined) return undefined;
      const read = await readSource(text, located.module, python, signal);
      if (read.keywords === undefined) return undefined;
      return { name: library.name, keywords: read.keywords, origin: 'source' };
    },
  };
}

async function readSource(text: string, module: string, python: PythonHelper | undefined, signal?: AbortSignal): Promise<SourceKeywords> {
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
