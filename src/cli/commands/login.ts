// `writer login` and `writer logout`: sign in to an MCP server that wants
// OAuth (GitLab's own MCP server), or forget the sign-in.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';

export function registerLogin(program: Command, redactor: Redactor): void {
  program
    .command('login')
    .description(
      "sign in to an MCP server that wants OAuth (e.g. GitLab's own MCP server) and keep the sign-in for generate, tools and doctor",
    )
    .option('--mcp-url <url>', 'MCP server URL (env GITLAB_MCP_URL)')
    .option('--scope <scopes>', 'scopes to ask for, space-separated (default: what the server advertises; GitLab: mcp)')
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--login-timeout <seconds>', 'how long to wait for the browser to come back (default 300)')
    .option(
      '--oauth-client-id <id>',
      'a client registered by hand, for servers without dynamic registration (secret: env WRITER_OAUTH_CLIENT_SECRET)',
    )
    .option('--config <file>', 'settings file (default: writer.config.json in the working folder, when present)')
    .addHelpText(
      'after',
      '\nThe sign-in is kept per server in $XDG_CONFIG_HOME/writer/oauth/ (else ~/.config/writer/oauth/), readable only by you.' +
        '\n\nExit codes of login:\n  0    signed in (or the server needs no sign-in)\n  2    settings missing or invalid\n  3    the server or the sign-in failed, was refused, or did not come back within --login-timeout\n  130  interrupted (Ctrl-C)',
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runLogin } = await import('./run-login.js');
      process.exitCode = await runLogin(flags, redactor);
    });

  program
    .command('logout')
    .description('forget the sign-in of writer login for an MCP server')
    .option('--mcp-url <url>', 'MCP server URL (env GITLAB_MCP_URL)')
    .option('--config <file>', 'settings file (default: writer.config.json in the working folder, when present)')
    .action(async (flags: Record<string, unknown>) => {
      const { runLogout } = await import('./run-login.js');
      process.exitCode = await runLogout(flags, redactor);
    });
}
