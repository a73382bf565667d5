// Progress of a batch on a terminal: one live line per spec (spinner, round,
// last tool), redrawn in place; finished specs keep their ✓ or ✗ line. CI logs
// get plain prefixed lines from the ordinary renderer instead.

import type { ChalkInstance } from 'chalk';
import type { LoopEvent } from '../loop/events.js';
import { printableLine } from '../printable.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;

interface Row {
  label: string;
  state: 'running' | 'ok' | 'failed';
  detail: string;
  round: number;
}

export class BatchBoard {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private frame = 0;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly paint: ChalkInstance,
    private readonly redact: (text: string) => string,
  ) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  start(key: string, label: string): void {
    this.rows.set(key, { label, state: 'running', detail: 'connecting', round: 0 });
  }

  update(key: string, event: LoopEvent): void {
    const row = this.rows.get(key);
    if (!row) return;
    if (event.type === 'round-start') {
      row.round = event.round;
      row.detail = event.phase === 'repair' ? 'repairing the suite' : 'waiting for the model';
    } else if (event.type === 'tool-call') {
      row.detail = `${event.name} ${typeof event.arguments === 'string' ? event.arguments : JSON.stringify(event.arguments)}`;
    } else if (event.type === 'round-progress') {
      row.detail = `streaming, ${event.tokens} tokens received, ${event.seconds} s`;
    } else if (event.type === 'tool-progress') {
      row.detail = `${event.name}: ${event.message}`;
    } else if (event.type === 'repair') {
      row.detail = `${event.problems.length} problem(s), asking for a repair`;
    }
  }

  finish(key: string, ok: boolean, detail: string): void {
    const row = this.rows.get(key);
    if (!row) return;
    row.state = ok ? 'ok' : 'failed';
    row.detail = detail;
    this.draw();
  }

  /** Lines that must appear above the board (warnings). */
  print(text: string): void {
    if (this.stopped) {
      this.stream.write(this.redact(text) + '\n');
      return;
    }
    this.clear();
    this.stream.write(this.redact(text) + '\n');
    this.draw();
  }

  /** Draws the final state once and leaves it on the screen. */
  stop(): void {
    if (this.stopped) return;
    clearInterval(this.timer);
    this.draw();
    this.stopped = true;
    this.drawn = 0;
  }

  private clear(): void {
    if (this.drawn) this.stream.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (this.stopped) return;
    this.frame = (this.frame + 1) % FRAMES.length;
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    const lines = [...this.rows.values()].map((row) => {
      const mark =
        row.state === 'ok' ? this.paint.green('✓') : row.state === 'failed' ? this.paint.red('✗') : this.paint.cyan(FRAMES[this.frame]);
      const round = row.state === 'running' && row.round ? `round ${row.round}  ` : '';
      const text = `${row.label}  ${round}${row.detail}`;
      return `${mark} ${printableLine(this.redact(text)).slice(0, width - 2)}`;
    });
    this.clear();
    if (lines.length) this.stream.write(lines.join('\n') + '\n');
    this.drawn = lines.length;
  }
}
