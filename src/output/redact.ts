// Secrets (the API key, MCP headers, tokens) never reach any output: every
// line, JSON summary and transcript passes through a redactor first.

export const REDACTED = '[redacted]';

export function redactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a header value is replaced whole before the token inside it.
  const ordered = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  if (!ordered.length) return (text) => text;
  return (text) => ordered.reduce((current, secret) => current.split(secret).join(REDACTED), text);
}

/**
 * Every secret the configuration has seen in this process. The one place that
 * prints errors (src/cli/main.ts) redacts with it, whatever command failed.
 */
const known = new Set<string>();

export function rememberSecrets(secrets: readonly string[]): void {
  for (const secret of secrets) if (secret.length >= 4) known.add(secret);
}

export function redactKnownSecrets(text: string): string {
  return redactor([...known])(text);
}
