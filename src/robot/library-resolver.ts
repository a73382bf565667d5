// Asks the sources of library keywords in turn, most reliable first, and remembers each
// answer for the run: a library (name and arguments) is resolved once however many suites
// and checks import it.

import path from 'node:path';

import { isLibraryPath } from './library-imports.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';

/** Answers of one run, shared by every generation of a batch or every file of a lint. */
export class LibraryCache {
  private readonly answers = new Map<string, Promise<LibrarySpec | undefined>>();

  get size(): number {
    return this.answers.size;
  }

  remember(key: string, resolve: () => Promise<LibrarySpec | undefined>): Promise<LibrarySpec | undefined> {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = resolve();
      this.answers.set(key, answer);
      // An interrupted question is asked again by whoever comes next.
      answer.catch(() => this.answers.delete(key));
    }
    return answer;
  }
}

/** What makes two imports the same library: the name (a path from the importer's folder), the arguments and the search path. */
export function libraryKey(library: LibraryImport): string {
  const name = isLibraryPath(library.name) ? path.posix.join(path.posix.dirname(library.importer), library.name) : library.name;
  return JSON.stringify([name, library.args, library.searchPath ?? []]);
}

/** The first source that knows the library answers; the answer is cached for the run. */
export function chainLibraryResolvers(resolvers: readonly LibraryResolver[], cache = new LibraryCache()): LibraryResolver {
  return {
    resolve(library: LibraryImport, signal?: AbortSignal): Promise<LibrarySpec | undefined> {
      return cache.remember(libraryKey(library), async () => {
        for (const resolver of resolvers) {
          const spec = await resolver.resolve(library, signal);
          if (spec !== undefined) return spec;
        }
        return undefined;
      });
    },
  };
}
