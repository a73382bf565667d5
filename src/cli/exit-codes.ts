// The exit codes as --help shows them; the README has the same table.

export const EXIT_CODES_HELP = `
Exit codes:
  0    the suite was written (or printed with --dry-run), updated, already matching, or up to date (--changed-only)
  1    the model produced no usable suite (no suite in the reply, a limit reached, checks still failing, an update removing what the spec keeps)
  2    bad usage or input (unknown flag, missing setting, invalid spec or manifest, unsafe target path, existing file without --force or --update)
  3    a service failed (MCP server or model unreachable, refused credentials or a sign-in needed, HTTP errors after retries)
  130  interrupted (Ctrl-C)`;
