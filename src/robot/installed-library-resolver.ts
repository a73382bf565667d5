// Libraries installed for the Python that runs Robot Framework, described by Robot's own
// libdoc in the run's helper: the import's arguments are given, so is its version, and for
// files on disk (lint) the team's search path, which Robot puts before what is installed.

import { HelperAnswerError, HelperUnavailableError, type RobotPython } from './robot-python.js';
import { ADDED_KEYWORDS, addsKeywords, isLibraryPath } from './library-imports.js';
import type { KeywordSpec, LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';

/** Importing a large library (Browser, SeleniumLibrary) takes a second or two; a hung import must not hang a run. */
export const LIBDOC_TIMEOUT_MS = 60_000;

interface LibdocAnswer {
  version: string | null;
  keywords: Array<{ name: string; args: string[] }>;
  /** The arguments could not be given (they hold variables): the library was described without them. */
  without_args?: boolean;
}

export interface InstalledOptions {
  /**
   * Give libdoc the import's search path: only where it names folders on this disk (lint).
   * A module of the repository found there is then imported, as Robot and RobotCode do.
   */
  searchPathOnDisk?: boolean;
}

export function installedLibraries(python: RobotPython, options: InstalledOptions = {}): LibraryResolver {
  return {
    async resolve(library: LibraryImport, signal?: AbortSignal): Promise<LibrarySpec | undefined> {
      // A repository's own files are read, never imported: that would run their code.
      if (isLibraryPath(library.name)) return undefined;
      if ((await python.capabilities(signal))?.robot == null) return undefined;
      try {
        const answer = await python.request<LibdocAnswer>(
          'libdoc',
          {
            name: library.name,
            args: library.args,
            ...(options.searchPathOnDisk && library.searchPath?.length ? { pythonpath: library.searchPath } : {}),
          },
          { timeoutMs: LIBDOC_TIMEOUT_MS, signal },
        );
        const keywords: KeywordSpec[] = answer.keywords.map((keyword) => ({ name: keyword.name, args: keyword.args }));
        return {
          name: library.name,
          keywords,
          origin: 'installed',
          ...(answer.version ? { version: answer.version } : {}),
          ...(answer.without_args && addsKeywords(library) ? { partial: ADDED_KEYWORDS } : {}),
        };
      } catch (cause) {
        // Not installed for that Python, or it failed to import: another source may know it.
        if (cause instanceof HelperAnswerError || cause instanceof HelperUnavailableError) return undefined;
        throw cause;
      }
    },
  };
}
