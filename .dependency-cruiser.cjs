// The dependency rules of writer's sources, checked by `npm run lint` (depcruise src):
// cli → app → (loop, mcp, model, robot, spec, output, record, python) → shared basics
// (src/*.ts and src/config/), no cycles, and each vendor library behind its own folder.
// Type-only imports count: an interface imported the wrong way is a dependency all the same.

/** The folders between app and the shared basics. */
const MIDDLE = '^src/(loop|mcp|model|robot|spec|output|record|python)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or changed alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Only the command line knows the command line; everything else serves it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'app-only-under-cli',
      severity: 'error',
      comment: 'The application layer (one generation, batches, doctor...) is used by the command line alone.',
      from: { path: '^src/', pathNot: '^src/(cli|app)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'basics-stay-basic',
      severity: 'error',
      comment: 'Errors, aborts, package files and settings are what every layer builds on; they build on nothing above them.',
      from: { path: '^src/([^/]+\\.ts|config/)' },
      to: { path: MIDDLE },
    },
    {
      name: 'loop-owns-tool-host',
      severity: 'error',
      comment: 'The loop owns the ToolHost interface; src/mcp implements it, so the loop never imports src/mcp.',
      from: { path: '^src/loop/' },
      to: { path: '^src/mcp/' },
    },
    {
      name: 'model-is-a-seam',
      severity: 'error',
      comment: 'The chat model and the message types writer owns depend on no other folder.',
      from: { path: '^src/model/' },
      to: { path: MIDDLE, pathNot: '^src/model/' },
    },
    {
      name: 'robot-and-spec-are-pure',
      severity: 'error',
      comment: 'Reading and checking suites and specs needs no loop, server, model or output.',
      from: { path: '^src/(robot|spec)/' },
      to: { path: '^src/(loop|mcp|model|output|record|python)/' },
    },
    {
      name: 'only-model-imports-openai',
      severity: 'error',
      comment: "OpenAI's shapes stop at the mappers in src/model/.",
      from: { path: '^src/', pathNot: '^src/model/' },
      to: { path: '^node_modules/openai/' },
    },
    {
      name: 'only-mcp-imports-mcp-sdk',
      severity: 'error',
      comment: "The MCP SDK's transports, sessions and auth are used in src/mcp/ alone.",
      from: { path: '^src/', pathNot: '^src/mcp/' },
      to: { path: '^node_modules/@modelcontextprotocol/sdk/' },
    },
    {
      name: 'only-cli-imports-terminal-libraries',
      severity: 'error',
      comment: 'Colours, spinners and option parsing belong to the command line.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^node_modules/(chalk|ora|commander)/' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'The installed package has no devDependencies; only types may come from them.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'npm'] },
    },
    {
      name: 'no-tests-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'declared-packages-only',
      severity: 'error',
      comment: 'A package not in package.json works here by accident and fails after npm ci elsewhere.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages that publish subpaths only through package.json "exports" (the MCP SDK's).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
