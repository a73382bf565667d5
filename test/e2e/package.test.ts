// The npm package as a team installs it: `npm pack`, the tarball installed into
// an empty project, then writer run there with npx. What the tarball holds is
// checked too: what runs, nothing of the tests, the sources or the benchmark.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installInto, manifest, packWriter, sh, type Packed } from '../helpers/packed-writer.js';

let work: string;
let project: string;
let packed: Packed;
let installedAt: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'writer-package-'));
  packed = await packWriter(work);
  project = path.join(work, 'qa-robot-tests');
  const install = await installInto(project, packed.tarball);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  installedAt = path.join(project, 'node_modules', packed.name);
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds what runs and nothing else: the bin, the compiled code, the Python helper, prompts, schemas, the example spec and repository', async () => {
    const { name, version } = await manifest();
    expect(packed.name).toBe(name);
    expect(packed.version).toBe(version);
    expect(
      packed.files.filter(
        (file) => /^(test|src|bench|node_modules|generated)\//.test(file) || file.endsWith('.ts') || file.endsWith('.map'),
      ),
    ).toEqual([]);
    const tops = [...new Set(packed.files.map((file) => file.split('/')[0]))].sort();
    expect(tops).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'examples', 'package.json', 'prompts', 'python', 'schemas', 'specs']);
    expect(packed.files.filter((file) => file.startsWith('python/'))).toEqual(['python/writer_helper.py']);
    expect(packed.files).toContain('bin/writer.js');
    expect(packed.files).toContain('dist/cli/main.js');
    expect(packed.files).toContain('schemas/settings.schema.json');
    expect(packed.files).toContain('examples/demo-session.json');
    expect(packed.files.filter((file) => file.startsWith('specs/'))).toEqual(['specs/example.json']);
    expect(packed.files.filter((file) => file.startsWith('examples/') && !file.startsWith('examples/robot-repo/'))).toEqual([
      'examples/demo-session.json',
    ]);
  });

  it('installs with its name and its bin, writer', async () => {
    const installed = JSON.parse(await readFile(path.join(installedAt, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(installed.bin).toEqual({ writer: 'bin/writer.js' });
    const project_ = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(Object.keys(project_.devDependencies)).toEqual([packed.name]);
  });

  it('npx writer --version prints the version of package.json', async () => {
    const run = await sh('npx writer --version', project);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${packed.version}\n`);
  });

  it('npx writer demo --dry-run prints the suite from the bundled example, with no key and no network', async () => {
    const run = await sh('npx writer demo --dry-run', project);
    expect(run.stderr).toContain(
      "the model's replies are replayed from a recording (node_modules/@writer-robot/writer/examples/demo-session.json",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\*\*\* Settings \*\*\*/);
    expect(run.stdout).toContain('[Tags]    ORDER-002    orders');
  });

  it('npx writer lint checks the bundled example repository clean, and finds a broken suite', async () => {
    const example = path.relative(project, path.join(installedAt, 'examples/robot-repo'));
    const run = await sh(`npx writer lint ${example}/tests/*/*.robot ${example}/resources/*.resource`, project);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('4 file(s) checked: 0 error(s)\n');
    expect(run.code).toBe(0);

    const broken = await sh(
      `printf '*** Test Cases ***\\nA Test\\n    [Tgas]    x\\n    Log    hi\\n' > broken.robot && npx writer lint --validate builtin broken.robot`,
      project,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe("broken.robot:3: unknown test setting '[Tgas]' (did you mean '[Tags]'?)\n");
  });
});
