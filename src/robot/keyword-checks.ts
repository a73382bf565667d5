// Checks that every keyword call resolves to the suite, its resources, BuiltIn or an
// imported standard library; calls that may come from unknown sources get one note.

import { keywordCalls, type CallSite } from './keyword-calls.js';
import { KeywordIndex } from './keyword-index.js';
import { standardLibraryWith, suiteKeywordSources } from './keyword-sources.js';
import type { LibrarySpec } from './library-spec.js';
import type { RobotFile } from './model.js';
import { type Finding, error, note } from './problems.js';
import type { ResourceGraph } from './resource-imports.js';
import { containsVariable } from './variables.js';

/** Calls named in the note about unknown sources; the count covers the rest. */
const MAX_LISTED_CALLS = 5;

export function keywordFindings(file: RobotFile, graph: ResourceGraph, libraries?: ReadonlyMap<string, LibrarySpec>): Finding[] {
  const { sources, unknownLibraries } = suiteKeywordSources(file, graph, libraries);
  const index = new KeywordIndex(sources);
  // Keywords of a library or resource we cannot read may be anything.
  const unknownSources = [
    ...unknownLibraries.map((library) => ({ name: library.name, line: library.line })),
    ...graph.problems.map((problem) => ({ name: `resource '${problem.value}'`, line: problem.via })),
  ];
  const findings: Finding[] = [];
  const accepted: CallSite[] = [];
  for (const call of keywordCalls(file)) {
    if (index.resolves(call.name)) continue;
    // A keyword named by a variable is chosen at run time.
    if (containsVariable(call.name)) continue;
    if (unknownSources.length > 0) {
      accepted.push(call);
      continue;
    }
    findings.push(error('keyword', call.line, unknownKeywordMessage(call.name), index.suggest(call.name)));
  }
  if (accepted.length > 0) {
    const names = [...new Set(accepted.map((call) => call.name))];
    const listed = names.slice(0, MAX_LISTED_CALLS).map((name) => `'${name}'`).join(', ');
    const more = names.length > MAX_LISTED_CALLS ? ` and ${names.length - MAX_LISTED_CALLS} more` : '';
    const from = [...new Set(unknownSources.map((source) => source.name))].join(', ');
    findings.push(
      note(
        'unknown-sources',
        Math.min(...unknownSources.map((source) => source.line)),
        `keywords not found in the suite, its resources or the standard libraries were not checked; ` +
          `they may come from ${from}: ${listed}${more}`,
      ),
    );
  }
  return findings;
}

function unknownKeywordMessage(name: string): string {
  const library = standardLibraryWith(name);
  return library === undefined
    ? `unknown keyword '${name}'`
    : `unknown keyword '${name}' (it is in the ${library} library, which is not imported)`;
}
