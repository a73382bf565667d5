// Gathers where a file's keywords can come from: its own Keywords section, imported
// resources, BuiltIn and every imported library (settings and `Import Library` calls) as
// the library resolver answers it, and the sources nobody can read.

import path from 'node:path';

import { argumentsOf } from './user-keywords.js';
import { BUILTIN_LIBRARY, STANDARD_LIBRARIES } from './data/standard-libraries.js';
import { KEYWORD_TIERS, type KeywordSource, KeywordIndex } from './keyword-index.js';
import { importsOf, isLibraryPath, libraryAlias } from './library-imports.js';
import type { LibraryImport, LibraryResolver, LibrarySpec } from './library-spec.js';
import type { RobotFile } from './model.js';
import type { ResourceGraph } from './resource-imports.js';
import { runTimeImports } from './run-time-imports.js';

/** A library or resource whose keywords cannot be known; calls that may come from it are not errors. */
export interface UnknownSource {
  /** As a message names it: `SeleniumLibrary`, `resource 'x.resource'`. */
  name: string;
  /** Line of the checked file that brings it in. */
  line: number;
  /** The normalised prefix a call of its keywords may carry (`Library.Keyword`). */
  qualifier: string | undefined;
}

export interface SuiteKeywordSources {
  sources: KeywordSource[];
  unknown: UnknownSource[];
}

export interface LibraryLookup {
  libraries: LibraryResolver;
  /** Folders Robot also searches for libraries (robot.toml `python-path`, `--pythonpath`). */
  pythonPath?: readonly string[];
  signal?: AbortSignal;
}

/** Every library a file imports (settings and run-time calls), its resources' included, with the line that leads to each. */
export function allLibraryImports(file: RobotFile, filePath: string, graph: ResourceGraph): Array<{ library: LibraryImport; via: number }> {
  const own = [...importsOf(file, filePath), ...runTimeLibraryImports(file, filePath)].map((library) => ({ library, via: library.line }));
  const imported = graph.resources.flatMap((resource) =>
    [...importsOf(resource.file, resource.path), ...runTimeLibraryImports(resource.file, resource.path)].map((library) => ({
      library,
      via: resource.via,
    })),
  );
  return [...own, ...imported];
}

export async function suiteKeywordSources(
  file: RobotFile,
  filePath: string,
  graph: ResourceGraph,
  { libraries, pythonPath, signal }: LibraryLookup,
): Promise<SuiteKeywordSources> {
  const sources: KeywordSource[] = [{ qualifier: undefined, keywords: argumentsOf(file), tier: KEYWORD_TIERS.own }];
  const unknown: UnknownSource[] = [];
  const builtin: LibraryImport = { name: BUILTIN_LIBRARY, args: [], alias: undefined, importer: filePath, line: 1 };
  const searchPath = pythonPath?.length ? { searchPath: pythonPath } : {};
  const imports = [{ library: builtin, via: 1 }, ...allLibraryImports(file, filePath, graph)].map(({ library, via }) => ({
    library: { ...library, ...searchPath },
    via,
  }));
  // Libraries are asked in parallel: a resolver may start Python or read files over the network.
  const answers = await Promise.all(imports.map(({ library }) => libraries.resolve(library, signal)));
  imports.forEach(({ library, via }, index) => {
    const qualifier = library.alias ?? libraryQualifier(library.name);
    const spec: Pick<LibrarySpec, 'keywords' | 'origin' | 'partial'> | undefined =
      answers[index] ??
      (library.name === BUILTIN_LIBRARY ? { keywords: STANDARD_LIBRARIES[BUILTIN_LIBRARY]!, origin: 'standard' } : undefined);
    if (spec !== undefined) {
      const tier = spec.origin === 'standard' ? KEYWORD_TIERS.standard : KEYWORD_TIERS.library;
      sources.push({ qualifier, keywords: spec.keywords, tier });
    }
    const name = spec?.partial === undefined ? library.name : `${library.name} (${spec.partial})`;
    if ((spec === undefined || spec.partial !== undefined) && !unknown.some((source) => source.name === name)) {
      unknown.push({ name, line: via, qualifier: normalizeQualifier(qualifier) });
    }
  });
  for (const resource of graph.resources) {
    sources.push({ qualifier: resourceQualifier(resource.path), keywords: argumentsOf(resource.file), tier: KEYWORD_TIERS.resource });
  }
  for (const problem of graph.problems) {
    unknown.push({
      name: `resource '${problem.value}'`,
      line: problem.via,
      qualifier: problem.reason === 'variables' ? undefined : normalizeQualifier(resourceQualifier(problem.value)),
    });
  }
  return { sources, unknown };
}

/** `Library  ../libs/orders.py` is called `orders`; a module or class name is its own. */
export function libraryQualifier(name: string): string {
  if (!isLibraryPath(name)) return name;
  return path.posix.basename(name.replace(/\\/g, '/').replace(/\/+$/, '')).replace(/\.py$/i, '');
}

function resourceQualifier(resourcePath: string): string {
  return path.posix.basename(resourcePath).replace(/\.[^.]*$/, '');
}

function normalizeQualifier(qualifier: string): string {
  return qualifier.toLowerCase().replace(/[\s_]+/g, '');
}

/** `Import Library  Name  args  AS  Alias` as the import it makes. */
function runTimeLibraryImports(file: RobotFile, filePath: string): LibraryImport[] {
  return runTimeImports(file)
    .filter((entry) => entry.kind === 'library')
    .map((entry) => {
      const setting = { name: 'Import Library', canonical: 'Library', line: entry.line, values: [...entry.values] };
      const alias = libraryAlias(setting);
      const values = entry.values.map((cell) => cell.value);
      return { name: values[0]!, args: values.slice(1, alias === undefined ? undefined : -2), alias, importer: filePath, line: entry.line };
    });
}

/** Built on first use: only suites with unknown calls need them. */
let standardIndexes: ReadonlyArray<readonly [string, KeywordIndex]> | undefined;

/** The standard library that has `name`, for a hint when the suite forgot to import it. */
export function standardLibraryWith(name: string): string | undefined {
  standardIndexes ??= Object.entries(STANDARD_LIBRARIES).map(
    ([library, keywords]) => [library, new KeywordIndex([{ qualifier: library, keywords }])] as const,
  );
  return standardIndexes.find(([, index]) => index.resolves(name))?.[0];
}
