// The `Library` settings of a file, as written: name, arguments, alias, and the file that
// holds each (which a relative path starts from).

import type { LibraryImport } from './library-spec.js';
import type { RobotFile, Setting } from './model.js';

const ALIAS_MARKERS = new Set(['AS', 'WITH NAME']);

export function importsOf(file: RobotFile, filePath: string): LibraryImport[] {
  return file.settings
    .filter((setting) => setting.canonical === 'Library' && setting.values.length > 0)
    .map((setting) => {
      const alias = libraryAlias(setting);
      const values = setting.values.map((cell) => cell.value);
      return {
        name: values[0]!,
        args: values.slice(1, alias === undefined ? undefined : -2),
        alias,
        importer: filePath,
        line: setting.line,
      };
    });
}

/** `Library  Collections  AS  Coll` (or the older `WITH NAME`) → `Coll`. */
export function libraryAlias(setting: Setting): string | undefined {
  const values = setting.values;
  const marker = values[values.length - 2]?.value.replace(/\s+/g, ' ');
  return values.length >= 3 && marker !== undefined && ALIAS_MARKERS.has(marker) ? values[values.length - 1]!.value : undefined;
}

/** Import arguments with which a library loads more keywords: SeleniumLibrary's and Browser's plugins, Browser's JavaScript extensions. */
const KEYWORD_ADDING_ARGUMENTS: ReadonlySet<string> = new Set(['plugins', 'jsextension']);

/** Whether the import's arguments may add keywords to the library's own. */
export function addsKeywords(library: LibraryImport): boolean {
  return library.args.some((arg) => {
    const equals = arg.indexOf('=');
    return equals > 0 && KEYWORD_ADDING_ARGUMENTS.has(arg.slice(0, equals).trim().toLowerCase());
  });
}

/** The reason given when they may. */
export const ADDED_KEYWORDS = 'keywords its import arguments add';

/** Robot imports a library by path when its name ends in `.py` or holds a slash. */
export function isLibraryPath(name: string): boolean {
  return /\.py$/i.test(name) || name.includes('/') || name.includes('\\');
}
