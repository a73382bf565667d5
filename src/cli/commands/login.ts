// `writer login` and `writer logout`: sign in to an MCP server that wants
// OAuth (GitLab's own MCP server), or forget the sign-in.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { addSettingOptions, givenFlags } from '../options.js';

export function registerLogin(program: Command, redactor: Redactor): void {
  addSettingOptions(
    program
      .command('login')
      .description(
        "sign in to an MCP server that wants OAuth (e.g. GitLab's own MCP server) and keep the sign-in for generate, tools and doctor",
      ),
    'login',
  )
    .addHelpText(
      'after',
      '\nThe sign-in is kept per server in $XDG_CONFIG_HOME/writer/oauth/ (else ~/.config/writer/oauth/), readable only by you.' +
        '\n\nExit codes of login:\n  0    signed in (or the server needs no sign-in)\n  2    settings missing or invalid\n  3    the server or the sign-in failed, was refused, or did not come back within --login-timeout\n  130  interrupted (Ctrl-C)',
    )
    .action(async (_options: unknown, command: Command) => {
      const { runLogin } = await import('./run-login.js');
      process.exitCode = await runLogin(givenFlags(command), redactor);
    });

  addSettingOptions(program.command('logout').description('forget the sign-in of writer login for an MCP server'), 'logout').action(
    async (_options: unknown, command: Command) => {
      const { runLogout } = await import('./run-login.js');
      process.exitCode = await runLogout(givenFlags(command), redactor);
    },
  );
}
