// Reads the Robot Framework fixture corpus and the expectations each broken file
// declares in its leading comments (`# expect: LINE message`, `# robot: LINE message`).

import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../fixtures/robot-corpus/', import.meta.url));
export const EXAMPLE_REPO_DIR = fileURLToPath(new URL('../../../examples/robot-repo/', import.meta.url));

export interface Expectation {
  line: number;
  fragment: string;
}

export interface CorpusFile {
  /** Relative to the corpus, POSIX: `broken/unclosed-for.robot`. */
  name: string;
  /** On disk. */
  file: string;
  text: string;
  /** Our checks' errors. */
  expected: Expectation[];
  /** Robot Framework's parser errors. */
  robot: Expectation[];
}

export function corpusFiles(folder: 'valid' | 'broken'): CorpusFile[] {
  return readdirSync(path.join(CORPUS_DIR, folder))
    .filter((name) => name.endsWith('.robot'))
    .sort()
    .map((name) => {
      const file = path.join(CORPUS_DIR, folder, name);
      const text = readFileSync(file, 'utf8');
      return {
        name: `${folder}/${name}`,
        file,
        text,
        expected: expectations(text, 'expect'),
        robot: expectations(text, 'robot'),
      };
    });
}

function expectations(text: string, label: string): Expectation[] {
  const pattern = new RegExp(`^# ${label}: (\\d+) (.+)$`);
  return text.split('\n').flatMap((line) => {
    const match = pattern.exec(line);
    return match === null ? [] : [{ line: Number(match[1]), fragment: match[2]! }];
  });
}

/** Reads corpus files by their corpus-relative POSIX path, as a repository reader would. */
export async function readCorpusFile(relative: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(CORPUS_DIR, ...relative.split('/')), 'utf8');
  } catch {
    return undefined;
  }
}

/** Asserts problems and expectations pair up line by line. */
export function matchesExpectations(problems: ReadonlyArray<{ line: number; message: string }>, expected: readonly Expectation[]): boolean {
  return (
    problems.length === expected.length &&
    problems.every((problem, index) => {
      const expectation = expected[index]!;
      return problem.line === expectation.line && problem.message.includes(expectation.fragment);
    })
  );
}
