// The Robot Framework settings a generation checks its suite with: the team's robot.toml
// and pyproject.toml read through the tools, `--variable` and `--language`, and the
// variables the repository's files read without defining (given on the command line).

import path from 'node:path';

import type { GenerateConfig } from '../config/resolve-config.js';
import type { RobotProject } from '../robot/check-suite.js';
import { UsageError } from '../errors.js';
import { findLanguage } from '../robot/languages.js';
import { readProjectSettings } from '../robot/project-settings.js';
import { RepositoryVariables } from '../robot/repository-variables.js';
import { RESOURCE_EXTENSIONS, readRobotSource } from '../robot/source-formats.js';
import type { RepositoryReader } from './repository-reader.js';

export interface GenerationRobotSettings {
  project: RobotProject;
  /** Settings files that could not be read, for a notice. */
  problems: string[];
}

export async function readRobotSettings(reader: RepositoryReader, config: GenerateConfig): Promise<GenerationRobotSettings> {
  const settings = await readProjectSettings('', reader.readOrUndefined);
  const project = settings.project;
  return {
    project: {
      ...project,
      languages: [...(project.languages ?? []), ...config.robot.languages],
      variables: [...(project.variables ?? []), ...config.robot.variables],
    },
    problems: settings.problems,
  };
}

/** `French (fr)` for the prompt; undefined for a repository written in English. */
export function languageDescription(project: RobotProject): string | undefined {
  const named = (project.languages ?? [])
    .map((name) => findLanguage(name))
    .filter((language) => language !== undefined && language.code !== 'en');
  if (named.length === 0) return undefined;
  return [...new Set(named.map((language) => `${language!.name} (${language!.code})`))].join(', ');
}

/** Refuses a --language (or `language` of the file) Robot Framework does not know, before any work is spent. */
export function checkLanguages(languages: readonly string[]): void {
  const unknown = languages.find((language) => findLanguage(language) === undefined);
  if (unknown !== undefined) {
    throw new UsageError(`unknown --language '${unknown}': expected a language code or name Robot Framework knows (fr, German, pt-BR...)`);
  }
}

/** The project with the variables read so far in the repository's own files added as given. */
export async function withRepositoryVariables(project: RobotProject, reader: RepositoryReader): Promise<RobotProject> {
  const files = await reader.filesRead(
    (file) => RESOURCE_EXTENSIONS.includes(path.posix.extname(file).toLowerCase()) && !file.endsWith('.json'),
  );
  if (files.length === 0) return project;
  const repository = new RepositoryVariables();
  for (const { path: file, text } of files) {
    const model = readRobotSource(file, text, { languages: project.languages });
    if (model !== undefined) repository.add(file, model);
  }
  return { ...project, variables: [...(project.variables ?? []), ...repository.givenTo()] };
}
