// The third-party libraries whose keywords writer ships as data (libdoc of pinned
// releases), for machines where they are not installed. Loaded only when imported.

import { SHIPPED_LIBRARIES } from './data/shipped-libraries.js';
import { ADDED_KEYWORDS, addsKeywords } from './library-imports.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';

export const shippedLibraries: LibraryResolver = {
  async resolve(library: LibraryImport): Promise<LibrarySpec | undefined> {
    const load = Object.hasOwn(SHIPPED_LIBRARIES, library.name) ? SHIPPED_LIBRARIES[library.name] : undefined;
    if (load === undefined) return undefined;
    const data = await load();
    return {
      name: library.name,
      keywords: data.keywords,
      origin: 'shipped',
      version: data.version,
      ...(addsKeywords(library) ? { partial: ADDED_KEYWORDS } : {}),
    };
  },
};
