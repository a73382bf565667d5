// Gathers where a suite's keywords can come from: its own Keywords section, imported
// resources, BuiltIn and imported standard libraries, and libraries we cannot know.

import path from 'node:path';

import { BUILTIN_LIBRARY, STANDARD_LIBRARY_KEYWORDS } from './data/standard-libraries.js';
import { type KeywordSource, KeywordIndex } from './keyword-index.js';
import { isLibraryPath, libraryAlias } from './library-imports.js';
import type { LibrarySpec } from './library-spec.js';
import type { RobotFile, Setting } from './model.js';
import type { ResourceGraph } from './resource-imports.js';

/** A library import whose keywords are not in our data (third-party, a `.py` path...). */
export interface UnknownLibrary {
  name: string;
  /** Line of the checked file's import that brings it in. */
  line: number;
}

export interface SuiteKeywordSources {
  sources: KeywordSource[];
  unknownLibraries: UnknownLibrary[];
}

/**
 * `libraries`: third-party and repository libraries the run's resolver knew, by the name
 * they are imported with; the rest stay unknown.
 */
export function suiteKeywordSources(
  file: RobotFile,
  graph: ResourceGraph,
  libraries: ReadonlyMap<string, LibrarySpec> = new Map(),
): SuiteKeywordSources {
  const sources: KeywordSource[] = [
    { qualifier: undefined, names: file.keywords.map((keyword) => keyword.name) },
    librarySource(BUILTIN_LIBRARY, undefined),
  ];
  const unknownLibraries: UnknownLibrary[] = [];
  const imports = [
    ...libraryImports(file).map((setting) => ({ setting, line: setting.line })),
    ...graph.resources.flatMap((resource) =>
      libraryImports(resource.file).map((setting) => ({ setting, line: resource.via })),
    ),
  ];
  for (const { setting, line } of imports) {
    const name = setting.values[0]!.value;
    const alias = libraryAlias(setting);
    const known = libraries.get(name);
    if (Object.hasOwn(STANDARD_LIBRARY_KEYWORDS, name)) {
      sources.push(librarySource(name, alias));
    } else if (known !== undefined) {
      sources.push({ qualifier: alias ?? libraryQualifier(name), names: known.keywords.map((keyword) => keyword.name) });
    } else if (!unknownLibraries.some((library) => library.name === name)) {
      unknownLibraries.push({ name, line });
    }
  }
  for (const resource of graph.resources) {
    sources.push({
      qualifier: path.posix.basename(resource.path).replace(/\.[^.]*$/, ''),
      names: resource.file.keywords.map((keyword) => keyword.name),
    });
  }
  return { sources, unknownLibraries };
}

/** Built on first use: only suites with unknown calls need them. */
let standardIndexes: ReadonlyArray<readonly [string, KeywordIndex]> | undefined;

/** The standard library that has `name`, for a hint when the suite forgot to import it. */
export function standardLibraryWith(name: string): string | undefined {
  standardIndexes ??= Object.keys(STANDARD_LIBRARY_KEYWORDS).map(
    (library) => [library, new KeywordIndex([librarySource(library, undefined)])] as const,
  );
  return standardIndexes.find(([, index]) => index.resolves(name))?.[0];
}

/** Robot names a library imported by path after its module: `../libs/orders.py` → `orders`. */
function libraryQualifier(name: string): string {
  return isLibraryPath(name) ? path.posix.basename(name.replace(/\\/g, '/').replace(/\/+$/, '')).replace(/\.py$/i, '') : name;
}

function libraryImports(file: RobotFile): Setting[] {
  return file.settings.filter((setting) => setting.canonical === 'Library' && setting.values.length > 0);
}

function librarySource(library: string, alias: string | undefined): KeywordSource {
  return { qualifier: alias ?? library, names: STANDARD_LIBRARY_KEYWORDS[library] ?? [] };
}
