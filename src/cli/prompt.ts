// Questions on the terminal, one line each, with a default in brackets and a
// check that asks again after a bad answer. Ctrl-C stops (exit 130) and the
// end of the input is a usage error, so a prompt never waits forever.

import { createInterface } from 'node:readline/promises';
import { InterruptedError, UsageError } from '../errors.js';

export interface Question {
  label: string;
  default?: string;
  /** Why an answer is refused, or undefined when it is fine. */
  check?: (answer: string) => string | undefined;
}

export interface Prompter {
  /** The answer, the default for an empty one, or undefined when there is neither. */
  ask(question: Question): Promise<string | undefined>;
  close(): void;
}

export function terminalPrompter(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Prompter {
  const lines = createInterface({ input, output, terminal: true });
  const stop = new AbortController();
  let ending: Error | undefined;
  // Read through a function: the handlers set it while a question waits, which narrowing cannot see.
  const endingOf = (): Error | undefined => ending;
  lines.on('SIGINT', () => {
    ending = new InterruptedError('interrupted: nothing written');
    output.write('\n');
    stop.abort();
  });
  lines.on('close', () => {
    ending ??= new UsageError('the input ended before every question was answered; nothing written');
    stop.abort();
  });

  return {
    async ask(question) {
      const hint = question.default !== undefined ? ` [${question.default}]` : '';
      for (;;) {
        if (ending) throw ending;
        let answer: string;
        try {
          answer = (await lines.question(`${question.label}${hint}: `, { signal: stop.signal })).trim();
        } catch (error) {
          // Set by the SIGINT or close handler while the question waited.
          throw endingOf() ?? error;
        }
        const value = answer || question.default;
        if (value === undefined) return undefined;
        const problem = question.check?.(value);
        if (!problem) return value;
        output.write(`  ${problem}\n`);
      }
    },
    close() {
      lines.close();
    },
  };
}
