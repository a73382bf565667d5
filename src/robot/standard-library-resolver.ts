// The libraries that come with Robot Framework, answered from the shipped data: the
// first and cheapest source of keywords, needing no Python.

import { STANDARD_LIBRARIES, STANDARD_LIBRARIES_VERSION } from './data/standard-libraries.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';

export const standardLibraries: LibraryResolver = {
  resolve(library: LibraryImport): Promise<LibrarySpec | undefined> {
    const keywords = Object.hasOwn(STANDARD_LIBRARIES, library.name) ? STANDARD_LIBRARIES[library.name] : undefined;
    return Promise.resolve(
      keywords === undefined ? undefined : { name: library.name, keywords, origin: 'standard', version: STANDARD_LIBRARIES_VERSION },
    );
  },
};
