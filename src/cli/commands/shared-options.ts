// Options that several commands share: how to reach the MCP server, and which
// of its tools the model gets with which injected parameters.

import type { Command } from 'commander';
import { collect } from '../options.js';

export function addMcpOptions(command: Command): Command {
  return command
    .option('--mcp-url <url>', 'MCP server URL, streamable HTTP (env GITLAB_MCP_URL)')
    .option('--mcp-header <header>', 'header sent to the MCP server, "Name: value" (repeatable)', collect)
    .option('--mcp-token <token>', 'sent to the MCP server as "Authorization: Bearer <token>" (env GITLAB_MCP_TOKEN)')
    .option('--oauth-client-id <id>', 'the client registered by hand that writer login used (secret: env WRITER_OAUTH_CLIENT_SECRET)');
}

export function addToolOptions(command: Command): Command {
  return command
    .option('--project-id <id>', 'GitLab project id or path, filled into every tool call (env GITLAB_PROJECT_ID)')
    .option('--ref <ref>', 'branch, tag or commit, filled into every tool call (env GITLAB_REF)')
    .option('--inject <name=value>', 'fill this parameter into every tool that has it (repeatable)', collect)
    .option('--tools <names>', 'offer exactly these tools, comma-separated (read-only still applies)')
    .option('--allow-tool <glob>', 'also offer read-only tools matching the glob (repeatable)', collect)
    .option('--deny-tool <glob>', 'never offer tools matching the glob (repeatable)', collect)
    .option('--allow-write-tools', 'let the model use tools that may change the repository (off by default)')
    .option('--full-schemas', "offer the tools' descriptions and schemas as the server gives them, not compacted");
}
