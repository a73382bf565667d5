// Secrets (the API key, MCP headers, tokens, credentials inside URLs) never
// reach any output: every line, JSON summary, transcript and recording passes
// through a redactor first, and JSON is redacted before it is serialised.

import { MIN_SECRET_CHARS, secretsInUrl } from '../config/secrets.js';

export { secretsInUrl };

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
 * Every secret the configuration has seen in this process. The one place that
 * prints errors (src/cli/main.ts) redacts with it, whatever command failed.
 * Secrets learnt during a run (an OAuth token refreshed halfway) join it too.
 */
const known = new Set<string>();
/** Bumped whenever `known` grows, so redactors rebuild their list only then. */
let knownVersion = 0;

/** Redacts `secrets` and, at each call, every secret known by then, in every form the redactor knows. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  let builtFor = -1;
  let ordered: string[] = [];
  return (text) => {
    if (builtFor !== knownVersion) {
      // Longest first, so a header value is replaced whole before the token inside it.
      ordered = usable([...secrets, ...known]).sort((a, b) => b.length - a.length);
      builtFor = knownVersion;
    }
    return ordered.reduce((current, secret) => current.split(secret).join(REDACTED), text);
  };
}

export function rememberSecrets(secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_SECRET_CHARS && !known.has(secret)) {
      known.add(secret);
      knownVersion++;
    }
  }
}

const redactKnown = redactor([]);

export function redactKnownSecrets(text: string): string {
  return redactKnown(text);
}
