// Everything a file's calls and variables can reach when Robot Framework runs it: its
// resources, libraries and variable files, the team's settings, and for a resource the
// suites that import it (a resource runs in its importing suite's namespace).

import path from 'node:path';

import { KeywordIndex, type KeywordSource } from './keyword-index.js';
import type { FileKeywords } from './keyword-checks.js';
import { type UnknownSource, suiteKeywordSources } from './keyword-sources.js';
import { vocabularyOf } from './languages.js';
import type { LibraryResolver } from './library-spec.js';
import type { RobotFile } from './model.js';
import { type ReadFile, type ResourceGraph, importCandidates, loadResources, readFirst } from './resource-imports.js';
import { runTimeImports } from './run-time-imports.js';
import { readRobotSource } from './source-formats.js';
import { type SuiteVariables, fileLevelVariables } from './variable-checks.js';
import { variableFileNames } from './variable-files.js';
import { BUILT_IN_VARIABLES, normalizeVariableName } from './variable-names.js';

/** The team's Robot settings that change what a file can reach (flags, writer.config.json, robot.toml). */
export interface RobotProject {
  /** Languages besides English (`--language`, robot.toml `languages`). */
  languages?: readonly string[];
  /** Module search path folders, in the same path space as the checked file. */
  pythonPath?: readonly string[];
  /** Variables given on the command line: `NAME` or `NAME:value`. */
  variables?: readonly string[];
  /** Variable files given on the command line (`path` or `path:arg`), in the same path space. */
  variableFiles?: readonly string[];
  /** The settings files these came from (robot.toml, pyproject.toml), for tools that also read their own sections. */
  settingsFiles?: readonly string[];
}

/**
 * What was gathered for each file, shared by the checks of one run (a lint over a folder
 * checks every resource in the namespace of each suite that imports it).
 */
export class NamespaceCache {
  private readonly gathered = new Map<string, Promise<Gathered | undefined>>();

  remember(filePath: string, gather: () => Promise<Gathered | undefined>): Promise<Gathered | undefined> {
    let entry = this.gathered.get(filePath);
    if (entry === undefined) {
      entry = gather();
      this.gathered.set(filePath, entry);
    }
    return entry;
  }
}

export interface NamespaceContext {
  /** Shares gathered files between checks; each check gathers afresh without one. */
  cache?: NamespaceCache;
  readFile: ReadFile;
  libraries: LibraryResolver;
  project: RobotProject;
  /** For a resource: the suites known to import it; empty when none are known. */
  importers?: readonly string[];
  signal?: AbortSignal;
}

export interface Namespace {
  keywords: FileKeywords;
  variables: SuiteVariables;
  graph: ResourceGraph;
  /** The variable files that were read, for tools that need them beside the file. */
  variableFiles: readonly string[];
}

/** Importers' keywords come after the resource's own in Robot's search. */
const IMPORTER_TIER_OFFSET = 10;
const IMPORTING_SUITES = 'the suites that import this resource';

export async function buildNamespace(
  file: RobotFile,
  filePath: string,
  kind: 'suite' | 'init' | 'resource',
  context: NamespaceContext,
): Promise<Namespace> {
  const own = copy(await gather(file, filePath, context));
  if (kind !== 'resource') return finish(own, file);
  const importers = await Promise.all(
    (context.importers ?? []).map((importer) => {
      const read = async (): Promise<Gathered | undefined> => {
        const text = await context.readFile(importer);
        const importerFile = text === undefined ? undefined : readRobotSource(importer, text, { languages: context.project.languages });
        return importerFile === undefined ? undefined : ownNamespace(importerFile, importer, context);
      };
      return context.cache?.remember(importer, read) ?? read();
    }),
  );
  const known = importers.filter((entry) => entry !== undefined);
  if (known.length === 0) {
    own.unknown.push({ name: IMPORTING_SUITES, line: 1, qualifier: undefined });
    own.variableSources.push(IMPORTING_SUITES);
    return finish(own, file);
  }
  // Suites import the same libraries and resources: each source counts once.
  const seen = new Set(own.sources.map(sourceKey));
  for (const importer of known) {
    for (const source of importer.sources) {
      const key = sourceKey(source);
      if (seen.has(key)) continue;
      seen.add(key);
      own.sources.push({ ...source, tier: (source.tier ?? 0) + IMPORTER_TIER_OFFSET });
    }
    for (const source of importer.unknown) {
      if (!own.unknown.some((known) => known.name === source.name)) own.unknown.push({ ...source, line: 1 });
    }
    for (const [name, shown] of importer.variables) own.variables.set(name, shown);
    own.variableSources.push(...importer.variableSources);
  }
  return finish(own, file);
}

function sourceKey(source: KeywordSource): string {
  return JSON.stringify([source.qualifier, source.keywords.map((keyword) => [keyword.name, keyword.args])]);
}

async function gather(file: RobotFile, filePath: string, context: NamespaceContext): Promise<Gathered> {
  return (await context.cache?.remember(filePath, () => ownNamespace(file, filePath, context))) ?? ownNamespace(file, filePath, context);
}

/** A gathered namespace this check may add to without changing the shared one. */
function copy(gathered: Gathered): Gathered {
  return {
    sources: [...gathered.sources],
    unknown: [...gathered.unknown],
    variables: new Map(gathered.variables),
    variableSources: [...gathered.variableSources],
    graph: gathered.graph,
    variableFiles: gathered.variableFiles,
  };
}

interface Gathered {
  sources: KeywordSource[];
  unknown: UnknownSource[];
  /** Normalised name → as written. */
  variables: Map<string, string>;
  variableSources: string[];
  graph: ResourceGraph;
  variableFiles: readonly string[];
}

function finish(gathered: Gathered, file: RobotFile): Namespace {
  return {
    keywords: { index: new KeywordIndex(gathered.sources, vocabularyOf(file.languages).bddPrefixes), unknown: gathered.unknown },
    variables: {
      known: new Set([...gathered.variables.keys(), ...BUILT_IN_VARIABLES]),
      display: gathered.variables,
      unknownSources: gathered.variableSources,
    },
    graph: gathered.graph,
    variableFiles: gathered.variableFiles,
  };
}

async function ownNamespace(file: RobotFile, filePath: string, context: NamespaceContext): Promise<Gathered> {
  // Robot reads imported resources in the languages of the suite that imports them.
  const graph = await loadResources(file, filePath, context.readFile, {
    pythonPath: context.project.pythonPath,
    languages: file.languages,
  });
  const [keywords, files] = await Promise.all([
    suiteKeywordSources(file, filePath, graph, {
      libraries: context.libraries,
      pythonPath: context.project.pythonPath,
      signal: context.signal,
    }),
    variableFiles(file, filePath, graph, context),
  ]);
  const variables = new Map<string, string>();
  const variableSources = [...files.unknown];
  for (const given of context.project.variables ?? []) {
    const name = given.split(':')[0]!;
    variables.set(normalizeVariableName(name), `\${${name}}`);
  }
  for (const name of files.names) variables.set(normalizeVariableName(name), `\${${name}}`);
  for (const defining of [file, ...graph.resources.map((resource) => resource.file)]) {
    const level = fileLevelVariables(defining);
    for (const [name, shown] of level.names) variables.set(name, shown);
    if (level.dynamic) variableSources.push('variables set under computed names');
  }
  // A resource that cannot be read may define anything.
  for (const problem of graph.problems) variableSources.push(`resource '${problem.value}'`);
  return {
    sources: keywords.sources,
    unknown: keywords.unknown,
    variables,
    variableSources,
    graph,
    variableFiles: files.read,
  };
}

/** Names of every variable file in reach; unreadable or computed files are unknown sources. */
async function variableFiles(
  file: RobotFile,
  filePath: string,
  graph: ResourceGraph,
  context: NamespaceContext,
): Promise<{ names: string[]; unknown: string[]; read: string[] }> {
  const imports = [
    ...variableImports(file, filePath),
    ...graph.resources.flatMap((resource) => variableImports(resource.file, resource.path)),
    ...(context.project.variableFiles ?? []).map((entry) => ({ value: stripArguments(entry), importer: undefined })),
  ];
  const answers = await Promise.all(
    imports.map(async ({ value, importer }) => {
      const candidates = importer === undefined ? [value] : importCandidates(value, importer, context.project.pythonPath);
      const found = candidates === undefined ? undefined : await readFirst(candidates, context.readFile);
      const names = found === undefined ? undefined : variableFileNames(found.path, found.text);
      return { value, names, path: found?.path };
    }),
  );
  const names: string[] = [];
  const unknown: string[] = [];
  const read: string[] = [];
  for (const { value, names: given, path: found } of answers) {
    if (given === undefined || given.dynamic) unknown.push(`variable file '${value}'`);
    if (given !== undefined) names.push(...given.names);
    if (found !== undefined) read.push(found);
  }
  return { names, unknown, read };
}

function variableImports(file: RobotFile, filePath: string): Array<{ value: string; importer: string }> {
  const settings = file.settings
    .filter((setting) => setting.canonical === 'Variables' && setting.values.length > 0)
    .map((setting) => setting.values[0]!.value);
  const calls = runTimeImports(file)
    .filter((entry) => entry.kind === 'variables')
    .map((entry) => entry.values[0]!.value);
  return [...settings, ...calls].map((value) => ({ value, importer: filePath }));
}

/** `vars.py:arg1:arg2` (Robot's --variablefile) → `vars.py`, keeping a Windows drive's colon. */
function stripArguments(entry: string): string {
  const match = /^((?:[A-Za-z]:)?[^:]*)/.exec(entry);
  return path.posix.normalize(match?.[1] ?? entry);
}
