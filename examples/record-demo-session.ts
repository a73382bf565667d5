// Records examples/demo-session.json, the model session `writer demo` replays.
// There is no real model here: the replies are scripted below and served by the
// OpenAI-compatible fake of the tests, and writer runs for real against it with
// --repo examples/robot-repo and --record. Run it again after changing the
// example repository, the spec or the prompts:
//
//   npx tsx examples/record-demo-session.ts

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAI, type ChatRequest, type ScriptedTurn } from '../test/fixtures/openai-server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Relative to ROOT on purpose: these paths go into the recording as they are given.
const SPEC = 'specs/example.json';
const REPO = 'examples/robot-repo';
const SESSION = 'examples/demo-session.json';
const MODEL = 'scripted-demo';

const SUITE = `*** Settings ***
Documentation     Cancelling orders.
Resource          ../../resources/common.resource
Resource          ../../resources/orders.resource
Suite Setup       Open Test Session
Suite Teardown    Close Test Session

*** Variables ***
\${ITEM}           monitor
\${QUANTITY}       1
\${CANCELLED}      cancelled

*** Test Cases ***
A Cancelled Order Shows The Status Cancelled
    [Documentation]    A logged-in user cancels a new order; the order then has the status cancelled.
    [Tags]    ORDER-002    orders
    Login As \${DEFAULT_USER}
    \${order}=    Create Order    \${ITEM}    \${QUANTITY}
    Cancel Order    \${order}
    Order Status Should Be    \${order}    \${CANCELLED}
`;

/** The text of every tool message the model has received so far. */
function toolResults(request: ChatRequest): string {
  return request.messages
    .filter((message) => message.role === 'tool')
    .map((message) => String(message.content))
    .join('\n');
}

function expectIn(text: string, needles: string[], what: string): void {
  for (const needle of needles) {
    if (!text.includes(needle)) throw new Error(`${what} lacks ${JSON.stringify(needle)}`);
  }
}

// What a careful model does with this repository: the layout, the resources
// and their keywords, a similar suite, then the answer.
const TURNS: ScriptedTurn[] = [
  {
    content: 'First I look at how the repository is laid out.',
    toolCalls: [{ name: 'get_repository_tree', arguments: { path: '', recursive: true } }],
    expect: (request) => expectIn(String(request.messages[1]?.content), ['ORDER-002', 'These rules apply to every suite'], 'the first message'),
  },
  {
    content: 'The keywords live in resources/; I read both resource files and look for a cancel keyword.',
    toolCalls: [
      { name: 'get_file_contents', arguments: { file_path: 'resources/common.resource' } },
      { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
      { name: 'search_code', arguments: { search: 'Cancel Order' } },
    ],
    expect: (request) => expectIn(toolResults(request), ['resources/orders.resource', 'tests/orders/create_order.robot'], 'the tree'),
  },
  {
    content: 'orders.resource has Create Order, Cancel Order and Order Status Should Be. tests/orders/create_order.robot is the closest suite; I read it for the layout.',
    toolCalls: [{ name: 'get_file_contents', arguments: { file_path: 'tests/orders/create_order.robot' } }],
    expect: (request) => expectIn(toolResults(request), ['Login As ${user}', 'Cancel Order\n    [Arguments]    ${order}', 'resources/orders.resource:'], 'the resources'),
  },
  {
    content: [
      'Here is the suite for ORDER-002, laid out like tests/orders/create_order.robot and following doc/convention.md:',
      'common.resource first, the session setup and teardown, the spec id and the area as tags, the test data in *** Variables ***,',
      'and only keywords of resources/common.resource and resources/orders.resource.',
      '',
      '```robot',
      SUITE + '```',
    ].join('\n'),
    expect: (request) => expectIn(toolResults(request), ['New Order Starts As Created'], 'the similar suite'),
  },
];

const model = await startFakeOpenAI({ turns: TURNS, models: [MODEL] });
try {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OPENAI_|GITLAB_|SPEC_JSON_PATH|OUTPUT_DIR)/.test(name)));
  // Asynchronous: the fake model answers from this process's event loop.
  const run = await runWriter(
    ['generate', '--spec', SPEC, '--repo', REPO, '--model', MODEL, '--base-url', model.baseURL, '--record', SESSION, '--dry-run'],
    { ...env, CI: 'true' },
  );
  process.stderr.write(run.stderr);
  if (model.failures.length) throw new Error(`the scripted model refused the run:\n${model.failures.join('\n')}`);
  if (run.status !== 0) throw new Error(`writer exited with ${run.status}`);
  if (run.stdout !== SUITE) throw new Error('writer wrote another suite than the scripted one');
  process.stderr.write(`recorded ${SESSION}\n`);
} finally {
  await model.close();
}

function runWriter(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/writer.js', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
