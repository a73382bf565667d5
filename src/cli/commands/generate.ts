// `writer generate`: flags → configuration → one generation, rendered for a
// terminal, for CI logs or as JSON. Settings fall back to the environment.

import type { Command } from 'commander';
import type { Redactor } from '../../output/redact.js';
import { collect } from '../options.js';
import { addMcpOptions, addToolOptions } from './shared-options.js';

export function registerGenerate(program: Command, redactor: Redactor): void {
  const command = program
    .command('generate')
    .description('turn a spec into a Robot Framework suite')
    .option('--spec <paths...>', "spec JSON files, folders or quoted globs such as 'specs/**/*.json' (env SPEC_JSON_PATH)")
    .option('--config <file>', 'settings file (default: writer.config.json in the working folder, when present)')
    .option('--concurrency <n>', 'specs generated at once in a batch (default 2)')
    .option('--shard <I/N>', 'generate only the I-th of N slices of the specs (default: CI_NODE_INDEX/CI_NODE_TOTAL)')
    .option('--junit <file>', 'write a JUnit XML report, one testcase per spec')
    .option('--out <dir>', 'output folder; the suite goes to <dir>/<rf.target_path> (env OUTPUT_DIR, default ./generated)');
  addToolOptions(
    addMcpOptions(command).option(
      '--repo <dir>',
      'serve this local checkout to the model in place of an MCP server (exclusive with --mcp-url)',
    ),
  )
    .option('--model <name>', 'chat model (env OPENAI_MODEL_WRITER)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (env OPENAI_BASE_URL, default OpenAI)')
    .option('--api-key <key>', 'API key (env OPENAI_API_KEY; optional with --base-url or a local --provider)')
    .option('--provider <name>', 'openai, ollama, llamacpp, vllm or lmstudio: sets the default --base-url (env WRITER_PROVIDER)')
    .option(
      '--tool-format <how>',
      'native, text (<tool_call> blocks in the prompt) or auto: native, text when the server refuses tools (default auto)',
    )
    .option('--temperature <t>', 'sampling temperature (default 0.1)')
    .option('--max-rounds <n>', 'model rounds before giving up (default 18)')
    .option('--max-tool-calls <n>', 'tool calls before giving up (default: no limit)')
    .option('--max-tokens <n>', 'prompt + completion tokens before giving up (default: no limit)')
    .option(
      '--max-batch-tokens <n>',
      'prompt + completion tokens of a whole batch; specs not yet started are then not run (default: no limit)',
    )
    .option('--max-reply-tokens <n>', 'the longest reply the model may write, sent with every request (default 8192)')
    .option('--price-input <price>', 'price per million prompt tokens, for an estimated cost in the reports')
    .option('--price-cached-input <price>', 'price per million cached prompt tokens (default: --price-input)')
    .option('--price-output <price>', 'price per million completion tokens, for an estimated cost in the reports')
    .option('--conventions <path>', 'conventions document in the repository, or "none" (default doc/convention.md)')
    .option('--retries <n>', 'retries of a failed model request, honouring Retry-After up to --max-retry-wait (default 2)')
    .option('--timeout <seconds>', 'timeout of one model request (default 600)')
    .option('--max-retry-wait <seconds>', 'longest Retry-After a retry waits out; a 429 asking for more fails at once (default 60)')
    .option('--tool-concurrency <n>', 'tool calls of one reply run at once (default 4)')
    .option('--tool-timeout <seconds>', 'a tool call that takes longer is reported to the model as failed (default 60)')
    .option('--max-tool-chars <n>', 'longer tool results keep their head and tail (default 20000)')
    .option('--repair-rounds <n>', 'times a failing suite goes back to the model (default 2)')
    .option(
      '--validate <how>',
      "auto: also Robot Framework's parser, RobotCode's analyzer and Robocop when installed; robot: require Robot Framework (its parser and libdoc, no analyzer); robotcode: require the analyzer too; builtin: built-in checks only, no Python (default auto)",
    )
    .option('--variable <name>', 'a variable the team gives robot on the command line, NAME or NAME:value (repeatable)', collect)
    .option(
      '--language <lang>',
      "a language the repository's Robot files are written in besides English, as robot --language (repeatable)",
      collect,
    )
    .option('--dry-run', 'print the suite to stdout and write nothing')
    .option('--json', 'print one JSON summary on stdout at the end')
    .option('--force', 'overwrite an existing suite')
    .option('--changed-only', 'skip specs whose suite is up to date by <out>/.writer/manifest.json; update the other existing suites')
    .option('--update', 'change an existing suite in place (from --out, else the repository), keeping what people wrote into it')
    .option('--allow-removals', 'let an update drop test cases or keywords the spec does not list in rf.remove')
    .option('--prune', 'at the end of a batch, delete suites whose spec no longer exists, when unchanged since written')
    .option('--transcript <file>', 'write the whole conversation as JSON to this file, also when the run fails (secrets redacted)')
    .option(
      '--record <file>',
      'save what the run received (model replies, tool results, spec, settings; secrets redacted) for writer replay',
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runGenerate } = await import('./run-generate.js');
      process.exitCode = await runGenerate(flags, redactor);
    });
}
