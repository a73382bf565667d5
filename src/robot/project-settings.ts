// The team's Robot Framework settings from `robot.toml` and `pyproject.toml` (`[tool.robot]`),
// as RobotCode and robot.toml users write them: python-path, languages, variables and
// variable-files (with their `extend-` forms), paths relative to the file's folder.

import path from 'node:path';

import { parse } from 'smol-toml';

import type { RobotProject } from './namespace.js';
import type { ReadFile } from './resource-imports.js';

export interface ProjectSettings {
  project: RobotProject;
  /** The files the settings came from, for messages. */
  sources: string[];
  /** Files that could not be read as TOML, with the reason; the checks go on without them. */
  problems: string[];
}

/** Read in this order; later files win, as robot.toml overrides pyproject.toml. */
const SETTINGS_FILES: ReadonlyArray<{ name: string; table: (data: Record<string, unknown>) => unknown }> = [
  { name: 'pyproject.toml', table: (data) => (isTable(data.tool) ? data.tool.robot : undefined) },
  { name: 'robot.toml', table: (data) => data },
  { name: '.robot.toml', table: (data) => data },
];

/** The settings of the project whose root folder is `root` ('' for a repository's root), read with `readFile`. */
export async function readProjectSettings(root: string, readFile: ReadFile): Promise<ProjectSettings> {
  const result: ProjectSettings = { project: {}, sources: [], problems: [] };
  const texts = await Promise.all(SETTINGS_FILES.map(({ name }) => readFile(joinRoot(root, name))));
  SETTINGS_FILES.forEach(({ name, table }, index) => {
    const text = texts[index];
    if (text === undefined) return;
    const file = joinRoot(root, name);
    let data: Record<string, unknown>;
    try {
      data = parse(text);
    } catch (cause) {
      result.problems.push(`${file}: not valid TOML (${firstLine(cause)})`);
      return;
    }
    // RobotCode reads its own sections of any of them, [tool.robot] or not.
    result.project.settingsFiles = [...(result.project.settingsFiles ?? []), file];
    const settings = table(data);
    if (!isTable(settings)) return;
    result.sources.push(file);
    merge(result.project, settings, root);
  });
  return result;
}

/** Whether a folder holds a settings file, for finding a project's root on disk. */
export const PROJECT_MARKERS: readonly string[] = SETTINGS_FILES.map(({ name }) => name);

function merge(project: RobotProject, settings: Record<string, unknown>, root: string): void {
  const paths = (key: string): string[] | undefined => listOf(settings, key)?.map((entry) => joinRoot(root, entry));
  const replace = <K extends keyof RobotProject>(key: K, value: RobotProject[K] | undefined, extend: RobotProject[K] | undefined): void => {
    const base = value ?? project[key] ?? [];
    if (value !== undefined || extend !== undefined) project[key] = [...base, ...(extend ?? [])] as RobotProject[K];
  };
  replace('pythonPath', paths('python-path'), paths('extend-python-path'));
  replace('languages', listOf(settings, 'languages'), listOf(settings, 'extend-languages'));
  replace('variables', variablesOf(settings.variables), variablesOf(settings['extend-variables']));
  replace('variableFiles', paths('variable-files'), paths('extend-variable-files'));
}

/** `variables = { NAME = "value" }` or `variables = ["NAME:value"]` → `NAME:value` entries. */
function variablesOf(value: unknown): string[] | undefined {
  if (isTable(value))
    return Object.entries(value).map(([name, entry]) => `${name}:${typeof entry === 'string' ? entry : JSON.stringify(entry)}`);
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  return undefined;
}

function listOf(settings: Record<string, unknown>, key: string): string[] | undefined {
  const value = settings[key];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  return undefined;
}

function joinRoot(root: string, relative: string): string {
  if (path.posix.isAbsolute(relative) || root === '') return path.posix.normalize(relative);
  return path.posix.normalize(path.posix.join(root, relative));
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!.trim();
}
