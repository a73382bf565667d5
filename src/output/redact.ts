// Secrets (the API key, MCP headers, tokens) never reach any output: every
// line, JSON summary and transcript passes through a redactor first.

export const REDACTED = '[redacted]';

export function redactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a header value is replaced whole before the token inside it.
  const ordered = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  if (!ordered.length) return (text) => text;
  return (text) => ordered.reduce((current, secret) => current.split(secret).join(REDACTED), text);
}
