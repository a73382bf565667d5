// Options that say where the model endpoint is, shared by models and doctor.

import type { Command } from 'commander';

export function addEndpointOptions(command: Command): Command {
  return command
    .option('--provider <name>', 'openai, ollama, llamacpp, vllm or lmstudio: sets the default --base-url (env WRITER_PROVIDER)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (env OPENAI_BASE_URL; beats --provider)')
    .option('--api-key <key>', 'API key (env OPENAI_API_KEY; optional with --base-url or a local --provider)')
    .option('--config <file>', 'settings file (default: writer.config.json in the working folder, when present)');
}
