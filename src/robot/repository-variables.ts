// Variables a repository's own files read without defining them anywhere are given on
// the command line (`--variable BROWSER:chrome` in the team's CI job), so a suite may
// read them too. A name that any file defines at suite level is not one of them.

import type { RobotFile } from './model.js';
import { fileLevelVariables, variablesUsedWithoutDefinition } from './variable-checks.js';

export class RepositoryVariables {
  /** Normalised name → the files that read it without defining it (or set it globally). */
  private readonly readers = new Map<string, Set<string>>();
  private readonly defined = new Set<string>();

  add(filePath: string, file: RobotFile): void {
    const level = fileLevelVariables(file);
    for (const name of level.names.keys()) if (!level.global.has(name)) this.defined.add(name);
    for (const name of [...variablesUsedWithoutDefinition(file), ...level.global]) {
      const readers = this.readers.get(name) ?? new Set<string>();
      readers.add(filePath);
      this.readers.set(name, readers);
    }
  }

  /** The names given to every file but `filePath`: read elsewhere in the repository, defined nowhere. */
  givenTo(filePath?: string): string[] {
    return [...this.readers.entries()]
      .filter(([name, readers]) => !this.defined.has(name) && [...readers].some((reader) => reader !== filePath))
      .map(([name]) => name);
  }
}
