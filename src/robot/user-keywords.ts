// A file's own keywords as specs (name and arguments from `[Arguments]`), and the
// variables a keyword defines for its body: its embedded and declared arguments.

import { argumentName, userKeywordArguments } from './argument-spec.js';
import type { KeywordSpec } from './library-spec.js';
import type { RobotFile, UserKeyword } from './model.js';
import { findVariables } from './variables.js';

export function argumentsOf(file: RobotFile): KeywordSpec[] {
  return file.keywords.map((keyword) =>
    // A misspelt setting may have been meant as `[Arguments]`: then they are not known.
    keyword.settings.some((setting) => setting.canonical === undefined)
      ? { name: keyword.name }
      : { name: keyword.name, args: userKeywordArguments(declaredArguments(keyword)) },
  );
}

/** The cells of the keyword's `[Arguments]` (the last one wins, as in Robot). */
export function declaredArguments(keyword: UserKeyword): string[] {
  const setting = keyword.settings.filter((entry) => entry.canonical === 'Arguments').at(-1);
  return setting === undefined ? [] : setting.values.map((cell) => cell.value);
}

/** `Login As ${user:\w+}` → `user`. */
export function embeddedArgumentNames(name: string): string[] {
  return findVariables(name, '$').map((variable) => {
    const colon = variable.base.search(/:(?! )/);
    return argumentName(colon === -1 ? variable.base : variable.base.slice(0, colon));
  });
}
