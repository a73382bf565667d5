// Secrets (the API key, MCP headers, tokens) never reach any output: every
// line, JSON summary and transcript passes through a redactor first.

export const REDACTED = '[redacted]';

/**
 * Every secret the configuration has seen in this process. The one place that
 * prints errors (src/cli/main.ts) redacts with it, whatever command failed.
 * Secrets learnt during a run (an OAuth token refreshed halfway) join it too.
 */
const known = new Set<string>();
/** Bumped whenever `known` grows, so redactors rebuild their list only then. */
let knownVersion = 0;

/** Redacts `secrets` and, at each call, every secret known by then. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const own = secrets.filter((secret) => secret.length >= 4);
  let builtFor = -1;
  let ordered: string[] = [];
  return (text) => {
    if (builtFor !== knownVersion) {
      // Longest first, so a header value is replaced whole before the token inside it.
      ordered = [...new Set([...own, ...known])].sort((a, b) => b.length - a.length);
      builtFor = knownVersion;
    }
    return ordered.reduce((current, secret) => current.split(secret).join(REDACTED), text);
  };
}

export function rememberSecrets(secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && !known.has(secret)) {
      known.add(secret);
      knownVersion++;
    }
  }
}

const redactKnown = redactor([]);

export function redactKnownSecrets(text: string): string {
  return redactKnown(text);
}
