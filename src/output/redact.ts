// Secrets (the API key, MCP headers, tokens, credentials inside URLs) never
// reach any output: every line, JSON summary, transcript and recording passes
// through the run's Redactor first, and JSON is redacted before it is serialised.

import { MIN_SECRET_CHARS } from '../config/secrets.js';

export const REDACTED = '[redacted]';

/** A secret as written, and as a JSON string holds it (a `"` or `\` in it is escaped there). */
function formsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1)];
}

function usable(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_CHARS).flatMap(formsOf))];
}

/** Whether `text` holds any of the secrets, in any of the forms the redactor knows. */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return usable(secrets).some((secret) => text.includes(secret));
}

/** Every string of a JSON value redacted, keys too, before it is serialised: no escaping can hide a secret then. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (current: unknown): unknown => {
    if (typeof current === 'string') return redact(current);
    if (Array.isArray(current)) return current.map(walk);
    if (typeof current !== 'object' || current === null) return current;
    return Object.fromEntries(Object.entries(current).map(([key, inner]) => [redact(key), walk(inner)]));
  };
  return walk(value) as T;
}

/**
 * The secrets of one run, and the one way text is redacted with them. Made from
 * the resolved configuration's secrets and handed to whatever prints, writes a
 * transcript or a recording; secrets learnt during the run (an OAuth token
 * refreshed halfway) are added to it, so every later line is redacted with them too.
 */
export class Redactor {
  private readonly known = new Set<string>();
  /** Longest first, so a header value is replaced whole before the token inside it; rebuilt only when a secret joins. */
  private ordered: string[] | undefined;

  constructor(secrets: readonly (string | undefined)[] = []) {
    this.add(secrets);
  }

  add(secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (secret !== undefined && secret.length >= MIN_SECRET_CHARS && !this.known.has(secret)) {
        this.known.add(secret);
        this.ordered = undefined;
      }
    }
  }

  /** `text` with every known secret, in every form the redactor knows, replaced. A function of its own, to hand around. */
  readonly redact = (text: string): string => {
    this.ordered ??= usable([...this.known]).sort((a, b) => b.length - a.length);
    return this.ordered.reduce((current, secret) => current.split(secret).join(REDACTED), text);
  };

  /** Every string of a JSON value redacted, before it is serialised. */
  redactDeep<T>(value: T): T {
    return redactDeep(value, this.redact);
  }
}
