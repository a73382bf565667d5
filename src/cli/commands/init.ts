// `writer init`: settings, an example spec and a CI job for a test repository, then writer doctor.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';

export function registerInit(program: Command, redactor: Redactor): void {
  program
    .command('init')
    .description(
      'set up writer in this test repository: writer.config.json, specs/example.json and a GitLab CI job, then run writer doctor',
    )
    .option('--mcp-url <url>', 'MCP server URL, streamable HTTP (asked when not given)')
    .option('--project-id <id>', 'GitLab project id or path (asked when not given)')
    .option('--ref <ref>', 'branch, tag or commit to read (asked when not given; default main)')
    .option('--model <name>', 'chat model (asked when not given)')
    .option('--provider <name>', 'openai, ollama, llamacpp, vllm or lmstudio, written to the config')
    .option('--base-url <url>', 'OpenAI-compatible endpoint, written to the config')
    .option(
      '--mcp-token-var <name>',
      'environment variable holding the MCP token, referenced as ${NAME} (default GITLAB_MCP_TOKEN, read without a setting)',
    )
    .option('--image <ref>', "writer's CI image for the CI job (default: node:20 with the repository's npm ci)")
    .option('-y, --yes', 'ask nothing: flags, then the variables (GITLAB_MCP_URL, ...), then defaults')
    .option('--force', 'replace writer.config.json, specs/example.json and .gitlab-ci.yml when they exist')
    .option('--no-doctor', 'do not run writer doctor afterwards')
    .addHelpText(
      'after',
      '\nExit codes of init:\n  0    files written (and doctor passed, or was not run)\n  2    bad flag or answer, no terminal to ask on, or a file cannot be written\n  3    doctor ran and a check failed\n  130  interrupted (Ctrl-C): nothing written',
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runInit } = await import('./run-init.js');
      process.exitCode = await runInit(flags, redactor);
    });
}
