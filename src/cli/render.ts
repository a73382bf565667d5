// Renders loop events for people and for CI logs. On a terminal: an ora
// spinner, the model's text streamed dimmed, a line per tool call and round.
// Without one: plain lines, no spinner, no colour. Everything goes to stderr,
// so stdout carries only the suite (--dry-run) or the JSON summary (--json).

import { Chalk, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import type { GenerateResult } from '../app/generate.js';
import type { LoopEvent } from '../loop/events.js';
import { redactor } from '../output/redact.js';
import { outcomeText } from './outcome-text.js';

export interface Renderer {
  emit(event: LoopEvent): void;
  notice(message: string): void;
  finish(result: GenerateResult): void;
  error(message: string, problems?: ReadonlyArray<{ line: number; message: string }>): void;
  redact(text: string): string;
}

export interface RendererOptions {
  secrets: readonly string[];
  stream?: NodeJS.WriteStream;
  env?: Record<string, string | undefined>;
  /** A prefix for every plain line, e.g. the spec id in batch runs. */
  prefix?: string;
}

const MAX_ARGUMENT_CHARS = 160;

export function createRenderer(options: RendererOptions): Renderer {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const tty = stream.isTTY === true && env.CI === undefined;
  const colour = tty && !env.NO_COLOR;
  const paint: ChalkInstance = new Chalk({ level: colour ? 1 : 0 });
  const redact = redactor(options.secrets);
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
    stream.write(redact(prefix + text) + '\n');
    if (wasSpinning) spinner?.start();
  };
  const spin = (text: string): void => {
    if (!spinner) return;
    // The spinner draws on the current line: finish a line of streamed text first.
    if (midText) {
      stream.write('\n');
      midText = false;
    }
    spinner.text = redact(text);
    if (!spinner.isSpinning) spinner.start();
  };

  return {
    redact,
    notice: (message) => line(paint.yellow(`! ${message}`)),
    emit(event) {
      switch (event.type) {
        case 'round-start':
          if (!tty) line(`round ${event.round}${event.phase === 'repair' ? ' (repair)' : ''}: waiting for the model`);
          spin(`round ${event.round}${event.phase === 'repair' ? ' (repair)' : ''}: waiting for the model`);
          break;
        case 'text':
          if (!tty) break;
          // ora clears the current line when it stops, so stop it only while it spins.
          if (spinner?.isSpinning) spinner.stop();
          stream.write(paint.dim(redact(event.delta)));
          midText = !event.delta.endsWith('\n');
          break;
        case 'tool-call-start':
          spin(`model is calling ${event.name}`);
          break;
        case 'tool-call':
          line(`${paint.cyan('→')} ${event.name} ${formatArguments(event.arguments, redact)}${event.repeated ? paint.dim(' (repeat, answered from memory)') : ''}`);
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
        case 'round-end':
          line(paint.dim(`round ${event.round} done (${event.promptTokens} prompt + ${event.completionTokens} completion tokens so far)`));
          break;
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
      if (result.status === 'skipped') line(`${paint.dim('–')} ${outcomeText(result, '')}`);
      if (result.status !== 'ok') return;
      line(`${paint.green('✓')} ${outcomeText(result, 'suite ready (dry run, nothing written)')} · ${figures(result)}`);
    },
    error(message, problems) {
      spinner?.stop();
      line(`${paint.red('✗')} writer: ${message}`);
      for (const problem of problems ?? []) line(`  line ${problem.line}: ${problem.message}`);
    },
  };
}

function figures(result: GenerateResult): string {
  const tokens = `${result.usage.promptTokens}+${result.usage.completionTokens} tokens${result.usage.estimated ? ' (estimated)' : ''}`;
  return `${result.rounds} rounds, ${result.toolCalls} tool calls, ${tokens}, ${(result.durationMs / 1000).toFixed(1)} s`;
}

/** Redacted before it is cut, so no part of a secret survives the cut. */
function formatArguments(args: Record<string, unknown> | string, redact: (text: string) => string): string {
  const text = redact(typeof args === 'string' ? args : JSON.stringify(args));
  return text.length > MAX_ARGUMENT_CHARS ? `${text.slice(0, MAX_ARGUMENT_CHARS)}…` : text;
}
