// The values of the settings that must never appear in any output: what the
// table marks secret, MCP header values and the credentials inside them and inside
// the URLs. The resolved configuration hands them to whatever redacts.

import { settingEntries, type SettingName, type Settings } from './settings.js';

/** Shorter values would redact ordinary words; no real credential is this short. */
export const MIN_SECRET_CHARS = 4;

/** Query parameters that carry credentials: private_token, access_token, api_key, client_secret, password, sig... */
const SECRET_PARAMETER = /token|key|secret|passw|pwd|auth|sig|session|credential/i;
/** The credential of an Authorization-style header value. */
const CREDENTIAL = /^(?:Bearer|Basic|Token)\s+(.+)$/i;

/**
 * The credentials inside a URL: the password of `user:pass@` (the user name when it
 * stands alone, as in `token@host`) and the values of credential query parameters
 * (`?private_token=`, `access_token=`...), as written and decoded.
 */
export function secretsInUrl(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const raw: string[] = [];
  if (parsed.password) raw.push(parsed.password);
  else if (parsed.username) raw.push(parsed.username);
  for (const [name, value] of parsed.searchParams) {
    if (SECRET_PARAMETER.test(name)) raw.push(value, encodeURIComponent(value));
  }
  const decoded = raw.map((value) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  });
  return [...new Set([...raw, ...decoded])].filter((value) => value.length >= MIN_SECRET_CHARS);
}

/** Header values and the credentials inside them (`Bearer <token>`). */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  const values = Object.values(headers);
  return [...values, ...values.flatMap((value) => CREDENTIAL.exec(value)?.[1] ?? [])];
}

/** The MCP headers the settings give: the token as a bearer header, then every --mcp-header, which wins. */
export function mcpHeadersOf(settings: Pick<Settings, 'mcpToken' | 'mcpHeader'>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (settings.mcpToken) headers.Authorization = `Bearer ${settings.mcpToken}`;
  for (const header of settings.mcpHeader) {
    const colon = header.indexOf(':');
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  return headers;
}

/** The values that are set and long enough to be a credential, once each. */
function credentials(values: readonly unknown[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_CHARS))];
}

/** Every secret of resolved settings, for the redactor: never shorter than MIN_SECRET_CHARS. */
export function settingsSecrets(settings: Settings): string[] {
  const marked = settingEntries()
    .filter(([, setting]) => setting.secret === true)
    .map(([name]) => settings[name]);
  const values = [...marked, ...headerSecrets(mcpHeadersOf(settings)), ...secretsInUrl(settings.baseUrl), ...secretsInUrl(settings.mcpUrl)];
  return credentials(values);
}

/**
 * The secrets the environment holds, known before any setting is resolved: an error
 * about the settings themselves may quote them. The variables of the settings the
 * table marks secret, and the credentials inside the URL variables.
 */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const valueOf = (name: SettingName): string | undefined => {
    const variable = settingEntries().find(([entry]) => entry === name)?.[1].env;
    return variable === undefined ? undefined : env[variable] || undefined;
  };
  const marked = settingEntries()
    .filter(([, setting]) => setting.secret === true && setting.env !== undefined)
    .map(([name]) => valueOf(name));
  const values = [...marked, ...secretsInUrl(valueOf('baseUrl')), ...secretsInUrl(valueOf('mcpUrl'))];
  return credentials(values);
}
