// The login and logout commands' actions: settings, the browser or the printed
// URL, Ctrl-C, and one line on what was signed in to or forgotten.

import { login, logout } from '../../app/login.js';
import { oauthConfigOf, type Flags } from '../../config/resolve-config.js';
import { EXIT_OK } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';
import { commandSettings } from '../command-settings.js';
import { onInterrupt } from '../interrupt.js';
import { hasDisplay, openBrowser } from '../open-browser.js';

export async function runLogin(flags: Flags, redactor: Redactor): Promise<number> {
  const settings = await commandSettings(flags, 'login', redactor);
  const mcpUrl = settings.mcpUrl ?? '';
  const oauth = oauthConfigOf(settings, process.env);
  const useBrowser = settings.browser && hasDisplay(process.env, process.platform);
  const say = (text: string): void => void process.stderr.write(redactor.redact(text) + '\n');

  const controller = new AbortController();
  const stopListening = onInterrupt(() => controller.abort());
  try {
    const result = await login({
      mcpUrl,
      oauth,
      signal: controller.signal,
      redactor,
      showAuthorizationUrl: async (url) => {
        const opened = useBrowser && (await openBrowser(url.href));
        say(
          opened
            ? `opened the sign-in page in your browser; if it did not appear, open:\n  ${url.href}`
            : `open this URL in a browser to sign in:\n  ${url.href}`,
        );
        say(`waiting up to ${Math.round(oauth.loginTimeoutMs / 1000)} s for the sign-in (--login-timeout)`);
      },
    });
    if (result.status === 'not-needed') {
      process.stdout.write(`MCP server ${result.serverUrl} (${result.server}) needs no sign-in; nothing stored\n`);
      return EXIT_OK;
    }
    const scope = result.scope ? `scope ${result.scope}` : 'the scope the server chose';
    const until = result.expiresAt ? `; the token expires ${result.expiresAt.toISOString()} and is refreshed when it does` : '';
    process.stdout.write(`signed in to ${result.serverUrl} (${result.server}) with ${scope}${until}\n`);
    say(`stored in ${result.file}`);
    return EXIT_OK;
  } finally {
    stopListening();
  }
}

export async function runLogout(flags: Flags, redactor: Redactor): Promise<number> {
  const settings = await commandSettings(flags, 'logout', redactor);
  const mcpUrl = settings.mcpUrl ?? '';
  const forgotten = await logout(mcpUrl, oauthConfigOf(settings, process.env), redactor);
  process.stdout.write(forgotten ? `forgot the sign-in for ${mcpUrl}\n` : `no sign-in stored for ${mcpUrl}; nothing to forget\n`);
  return EXIT_OK;
}
