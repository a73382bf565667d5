// Renders loop events for people and for CI logs. On a terminal: an ora
// spinner, the model's text streamed dimmed, a line per tool call and round.
// Without one: plain lines, no spinner, no colour. Everything goes to stderr,
// so stdout carries only the suite (--dry-run) or the JSON summary (--json).
// What came from the model, a spec or a server is printed without control
// characters, so it can never drive the terminal.

import type { ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import type { GenerateResult } from '../app/generate.js';
import type { LoopEvent } from '../loop/events.js';
import { printable, printableLine } from '../printable.js';
import { redactDeep, type Redactor } from '../output/redact.js';
import { costText, tokensText } from './usage-text.js';
import { outcomeText } from './outcome-text.js';
import { liveTerminal, paintFor } from './terminal.js';

/** Functions, not methods: they are handed around on their own (as an event sink, a redactor). */
export interface Renderer {
  readonly emit: (event: LoopEvent) => void;
  readonly notice: (message: string) => void;
  readonly finish: (result: GenerateResult) => void;
  readonly error: (message: string, problems?: ReadonlyArray<{ line: number; message: string }>) => void;
  readonly redact: (text: string) => string;
}

export interface RendererOptions {
  /** The run's redactor: every line passes through it. */
  redactor: Redactor;
  stream?: NodeJS.WriteStream;
  env?: Record<string, string | undefined>;
  /** A prefix for every plain line, e.g. the spec id in batch runs. */
  prefix?: string;
}

const MAX_ARGUMENT_CHARS = 160;

export function createRenderer(options: RendererOptions): Renderer {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const tty = liveTerminal(stream, env);
  const paint: ChalkInstance = paintFor(stream, env);
  const { redact } = options.redactor;
  const prefix = options.prefix ? `[${options.prefix}] ` : '';
  const spinner: Ora | undefined = tty ? ora({ stream, color: 'cyan', isEnabled: true }) : undefined;
  let midText = false;

  const line = (text: string): void => {
    const wasSpinning = spinner?.isSpinning ?? false;
    if (wasSpinning) spinner?.stop();
    if (midText) {
      stream.write('\n');
      midText = false;
    }
    stream.write(redact(printableLine(prefix) + text) + '\n');
    if (wasSpinning) spinner?.start();
  };
  const spin = (text: string): void => {
    if (!spinner) return;
    // The spinner draws on the current line: finish a line of streamed text first.
    if (midText) {
      stream.write('\n');
      midText = false;
    }
    spinner.text = printableLine(redact(text));
    if (!spinner.isSpinning) spinner.start();
  };

  return {
    redact,
    notice: (message) => line(paint.yellow(`! ${printableLine(message)}`)),
    emit(raw) {
      const event = printableEvent(raw);
      switch (event.type) {
        case 'round-start':
          if (!tty) line(`round ${event.round}${event.phase === 'repair' ? ' (repair)' : ''}: waiting for the model`);
          spin(`round ${event.round}${event.phase === 'repair' ? ' (repair)' : ''}: waiting for the model`);
          break;
        case 'text':
          if (!tty) break;
          // ora clears the current line when it stops, so stop it only while it spins.
          if (spinner?.isSpinning) spinner.stop();
          stream.write(paint.dim(printable(redact(event.delta))));
          midText = !event.delta.endsWith('\n');
          break;
        case 'tool-call-start':
          spin(`model is calling ${event.name}`);
          break;
        case 'tool-call':
          line(
            `${paint.cyan('→')} ${event.name} ${formatArguments(event.arguments, redact)}${event.repeated ? paint.dim(' (repeat, answered from memory)') : ''}`,
          );
          spin(`running ${event.name}`);
          break;
        case 'tool-result':
          if (event.isError) line(paint.red(`  ${event.name} failed`));
          if (event.truncatedChars) line(paint.dim(`  ${event.name}: ${event.truncatedChars} characters cut from the result`));
          break;
        case 'tool-progress':
          spin(`${event.name}: ${event.message}`);
          if (!tty) line(`  ${event.name}: ${event.message}`);
          break;
        case 'round-progress':
          // A CI log gets a line (it would otherwise sit silent for minutes); a terminal has the spinner.
          if (!tty) line(`round ${event.round}: still streaming, ${event.tokens} tokens received so far, ${event.seconds} s`);
          spin(`round ${event.round}: streaming, ${event.tokens} tokens received, ${event.seconds} s`);
          break;
        case 'round-end': {
          const cached = event.cachedTokens ? `, ${event.cachedTokens} of the prompt cached` : '';
          line(
            paint.dim(
              `round ${event.round} done (${event.promptTokens} prompt + ${event.completionTokens} completion tokens so far${cached})`,
            ),
          );
          break;
        }
        case 'repair':
          line(paint.yellow(`the suite has ${event.problems.length} problem(s); asking the model to repair it (attempt ${event.attempt})`));
          for (const problem of event.problems.slice(0, 10)) line(paint.dim(`  line ${problem.line}: ${problem.message}`));
          break;
        case 'notice':
          line(paint.yellow(`! ${event.message}`));
          break;
        case 'info':
          line(paint.dim(event.message));
          break;
      }
    },
    finish(result) {
      spinner?.stop();
      if (midText) stream.write('\n');
      midText = false;
      if (result.status === 'skipped') line(`${paint.dim('–')} ${printableLine(outcomeText(result, ''))}`);
      if (result.status !== 'ok') {
        // What a failed run used is said too; the error stays the last line.
        if (result.status === 'failed' && result.rounds) line(paint.dim(`used: ${figures(result)}`));
        return;
      }
      line(`${paint.green('✓')} ${printableLine(outcomeText(result, 'suite ready (dry run, nothing written)'))} · ${figures(result)}`);
    },
    error(message, problems) {
      spinner?.stop();
      line(`${paint.red('✗')} writer: ${printableLine(message)}`);
      for (const problem of problems ?? []) line(`  line ${problem.line}: ${printableLine(problem.message)}`);
    },
  };
}

function figures(result: GenerateResult): string {
  const cost = costText(result.usage);
  return `${result.rounds} rounds, ${result.toolCalls} tool calls, ${tokensText(result.usage)}, ${cost ? `${cost}, ` : ''}${(result.durationMs / 1000).toFixed(1)} s`;
}

/** The event with every text that is shown on one line made printable; streamed text keeps its newlines. */
function printableEvent(event: LoopEvent): LoopEvent {
  switch (event.type) {
    case 'tool-call-start':
    case 'tool-call':
    case 'tool-result':
      return { ...event, name: printableLine(event.name) };
    case 'tool-progress':
      return { ...event, name: printableLine(event.name), message: printableLine(event.message) };
    case 'repair':
      return { ...event, problems: event.problems.map((problem) => ({ ...problem, message: printableLine(problem.message) })) };
    case 'notice':
    case 'info':
      return { ...event, message: printableLine(event.message) };
    default:
      return event;
  }
}

/** Redacted before it is cut, so no part of a secret survives the cut. */
function formatArguments(args: Record<string, unknown> | string, redact: (text: string) => string): string {
  const text = printableLine(redact(typeof args === 'string' ? args : JSON.stringify(redactDeep(args, redact))));
  return text.length > MAX_ARGUMENT_CHARS ? `${text.slice(0, MAX_ARGUMENT_CHARS)}…` : text;
}
