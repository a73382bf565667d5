// The writer program: commander setup, and the one place where errors become
// exit codes. Commands load their heavy dependencies only when they run, so
// `writer --help` starts fast.

import { Command, CommanderError } from 'commander';
import { environmentSecrets } from '../config/secrets.js';
import { EXIT_USAGE, errorLine, exitCodeOf } from '../errors.js';
import { Redactor } from '../output/redact.js';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { packageManifest } from '../package-files.js';
import { registerGenerate } from './commands/generate.js';
import { registerTools } from './commands/tools.js';
import { registerLint } from './commands/lint.js';
import { registerReplay } from './commands/replay.js';
import { registerDemo } from './commands/demo.js';
import { registerModels } from './commands/models.js';
import { registerDoctor } from './commands/doctor.js';
import { registerInit } from './commands/init.js';
import { registerLogin } from './commands/login.js';

// A reader that stops early (`writer --help | head -1`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The secrets of this run. It starts with the environment's, so that even an error
// about the settings themselves is redacted; a command adds its settings' secrets
// once they are resolved, a sign-in its tokens.
const redactor = new Redactor(environmentSecrets(process.env));

const program = new Command('writer')
  .description('Writes Robot Framework test suites from JSON specs with an LLM, reading your repository through an MCP server.')
  .version(packageManifest().version)
  .addHelpText('after', EXIT_CODES_HELP)
  .exitOverride()
  // Every error is one line: commander's message and where to look.
  .configureOutput({ outputError: (message, write) => write(`${message.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`) });

registerGenerate(program, redactor);
registerTools(program, redactor);
registerLint(program);
registerReplay(program);
registerDemo(program);
registerModels(program, redactor);
registerDoctor(program, redactor);
registerInit(program, redactor);
registerLogin(program, redactor);

for (const command of program.commands) {
  command.exitOverride().addHelpText('after', EXIT_CODES_HELP);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version end with code 0; every parse error is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    process.stderr.write(`writer: ${errorLine(error, redactor.redact)}\n`);
    process.exitCode = exitCodeOf(error);
  }
}

// Work abandoned on Ctrl-C or failure (an SDK retry wait, a tool call that
// hangs) must not keep the process alive once the answer is out.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))));
process.exit(process.exitCode ?? 0);
