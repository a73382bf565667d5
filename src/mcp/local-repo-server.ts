// A local checkout served to the model as an MCP server embedded in this
// process (--repo): the reading tools of @zereight/mcp-gitlab, with the same
// names and arguments, read-only and confined to one folder.

import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { packageManifest } from '../package-files.js';
import { McpSession } from './mcp-session.js';

export const LOCAL_REPO_SERVER = { name: 'writer-local-repo', version: packageManifest().version };

/** Folders that are never served: git's internals and installed packages say nothing about the team's tests. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
/** A file larger than this is no source file a model should read whole (and would be cut anyway). */
const MAX_FILE_BYTES = 1_000_000;
/** A tree listing stops here; a larger checkout is better listed folder by folder. */
const MAX_TREE_ENTRIES = 2_000;
/** A search answers at most this many lines, so one call cannot flood the conversation. */
const MAX_SEARCH_MATCHES = 100;
/** Lines longer than this (minified files, data) are cut in search answers. */
const MAX_SEARCH_LINE_CHARS = 240;
/** A search reads at most this many files, so a huge checkout cannot stall a round. */
const MAX_SEARCH_FILES = 5_000;
/** A NUL byte in the first bytes marks a binary file, as git decides it. */
const BINARY_SNIFF_BYTES = 8_000;

/** A path the model asked for that is refused: the message goes back to it as an error result. */
class RefusedPath extends Error {}

interface Entry {
  /** Relative to the root, with forward slashes. */
  path: string;
  type: 'tree' | 'blob';
  real: string;
  /** Reached through a symbolic link: listed, but a linked folder is not entered. */
  linked: boolean;
}

/** One checkout on disk; every path goes through resolve() before anything is read. */
class LocalRepository {
  private constructor(
    /** The real path of the root, symbolic links resolved. */
    readonly root: string,
    /** The folder as the user gave it, for messages. */
    readonly label: string,
  ) {}

  static async open(dir: string): Promise<LocalRepository> {
    let root: string;
    try {
      root = await realpath(dir);
    } catch {
      throw new UsageError(`--repo ${dir}: no such folder`);
    }
    if (!(await stat(root)).isDirectory()) throw new UsageError(`--repo ${dir}: not a folder`);
    return new LocalRepository(root, dir);
  }

  /** The real path of a repository-relative path, or RefusedPath for anything that leaves the folder or is not served. */
  async resolve(requested: string): Promise<{ path: string; real: string }> {
    const raw = requested.trim();
    if (raw.includes('\0')) throw new RefusedPath(`'${requested}' is not a valid path`);
    if (path.posix.isAbsolute(raw) || path.win32.isAbsolute(raw)) {
      throw new RefusedPath(`'${requested}' is an absolute path; paths are relative to the repository root`);
    }
    const parts = raw
      .replace(/\\/g, '/')
      .split('/')
      .filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) throw new RefusedPath(`'${requested}' contains '..'; only paths inside the repository are served`);
    const relative = parts.join('/');
    if (parts.some((part) => SKIPPED_DIRS.has(part)))
      throw new RefusedPath(`'${relative}' is not served (${[...SKIPPED_DIRS].join(' and ')} are skipped)`);
    let real: string;
    try {
      real = await realpath(path.join(this.root, ...parts));
    } catch {
      throw new RefusedPath(`'${relative || '.'}' not found in the repository`);
    }
    // A symbolic link inside the folder may point anywhere; only its target counts.
    if (!this.contains(real)) throw new RefusedPath(`'${relative}' leads outside the repository (symbolic link); not served`);
    return { path: relative, real };
  }

  private contains(real: string): boolean {
    if (real !== this.root && !real.startsWith(this.root + path.sep)) return false;
    return !path
      .relative(this.root, real)
      .split(path.sep)
      .some((part) => SKIPPED_DIRS.has(part));
  }

  /** Entries under a folder in path order; links that leave the folder are left out, linked folders are not entered. */
  async *walk(dir: { path: string; real: string }, recursive: boolean): AsyncGenerator<Entry> {
    for (const entry of await this.children(dir)) {
      yield entry;
      if (recursive && entry.type === 'tree' && !entry.linked) yield* this.walk(entry, true);
    }
  }

  /** Entries under a folder, shallow ones first: a search that must stop early has read the top of the tree. */
  async *walkBreadthFirst(dir: { path: string; real: string }): AsyncGenerator<Entry> {
    const folders = [dir];
    for (let next = folders.shift(); next !== undefined; next = folders.shift()) {
      for (const entry of await this.children(next)) {
        yield entry;
        if (entry.type === 'tree' && !entry.linked) folders.push(entry);
      }
    }
  }

  /** The served entries of one folder in name order, symbolic links followed when they stay inside. */
  private async children(dir: { path: string; real: string }): Promise<Entry[]> {
    let children: Dirent[];
    try {
      children = await readdir(dir.real, { withFileTypes: true });
    } catch {
      return [];
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const entries: Entry[] = [];
    for (const child of children) {
      if (SKIPPED_DIRS.has(child.name)) continue;
      const relative = dir.path ? `${dir.path}/${child.name}` : child.name;
      const joined = path.join(dir.real, child.name);
      if (child.isSymbolicLink()) {
        const target = await realpath(joined).catch(() => undefined);
        if (target === undefined || !this.contains(target)) continue;
        const info = await stat(target).catch(() => undefined);
        if (info && (info.isDirectory() || info.isFile()))
          entries.push({ path: relative, type: info.isDirectory() ? 'tree' : 'blob', real: target, linked: true });
      } else if (child.isDirectory()) {
        entries.push({ path: relative, type: 'tree', real: joined, linked: false });
      } else if (child.isFile()) {
        entries.push({ path: relative, type: 'blob', real: joined, linked: false });
      }
    }
    return entries;
  }
}

/** An McpServer with get_file_contents, get_repository_tree and search_code over the repository. */
function createLocalRepoServer(repository: LocalRepository): McpServer {
  const server = new McpServer(LOCAL_REPO_SERVER);
  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  // Accepted for compatibility with @zereight/mcp-gitlab's tools; a local checkout has one project and one ref.
  const ignored = {
    project_id: z.union([z.string(), z.number()]).optional().describe('Accepted and ignored: the checkout is the project'),
    ref: z.string().optional().describe('Accepted and ignored: the checkout is read as it is on disk'),
  };

  server.registerTool(
    'get_file_contents',
    {
      description: 'Get the contents of a file in the repository. Paths are relative to the repository root.',
      inputSchema: {
        ...ignored,
        file_path: z.string().optional().describe('Path to the file, relative to the repository root'),
        path: z.string().optional().describe("Alias of 'file_path'"),
      },
      annotations: { title: 'Read a file', ...readOnly },
    },
    (args) => answer(() => getFileContents(repository, args.file_path ?? args.path)),
  );

  server.registerTool(
    'get_repository_tree',
    {
      description: 'List the files and folders of the repository, or of one folder in it.',
      inputSchema: {
        ...ignored,
        path: z.string().optional().describe('The folder to list, relative to the repository root (default: the root)'),
        recursive: z.boolean().optional().describe('List the folders below too'),
      },
      annotations: { title: 'List files', ...readOnly },
    },
    (args) => answer(() => getRepositoryTree(repository, args.path ?? '', args.recursive === true)),
  );

  server.registerTool(
    'search_code',
    {
      description:
        `Search the text of the repository's files (case-insensitive), shallow folders first. ` +
        `Answers path:line: text lines, at most ${MAX_SEARCH_MATCHES}, and says when the search was partial.`,
      inputSchema: {
        ...ignored,
        search: z.string().min(1).describe('The text to find'),
        path: z.string().optional().describe('Search only this folder, relative to the repository root (default: the whole repository)'),
      },
      annotations: { title: 'Search code', ...readOnly },
    },
    (args) => answer(() => searchCode(repository, args.search, args.path ?? '')),
  );
  return server;
}

/** An MCP session with the embedded server over `dir`. */
export async function openLocalRepoSession(dir: string): Promise<McpSession> {
  const repository = await LocalRepository.open(dir);
  return McpSession.connectInProcess(createLocalRepoServer(repository), `repository ${dir}`);
}

async function answer(run: () => Promise<string>): Promise<CallToolResult> {
  try {
    return { content: [{ type: 'text', text: await run() }] };
  } catch (error) {
    // Messages of the file system name folders of this machine; the model gets the code alone.
    const text =
      error instanceof RefusedPath ? error.message : `the file system refused (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return { content: [{ type: 'text', text }], isError: true };
  }
}

async function getFileContents(repository: LocalRepository, requested: string | undefined): Promise<string> {
  if (!requested?.trim()) throw new RefusedPath("Either 'file_path' or 'path' must be provided");
  const file = await repository.resolve(requested);
  const info = await stat(file.real).catch(() => {
    throw new RefusedPath(`'${file.path}' cannot be read`);
  });
  if (info.isDirectory()) throw new RefusedPath(`'${file.path}' is a folder; list it with get_repository_tree`);
  if (!info.isFile()) throw new RefusedPath(`'${file.path}' is not a regular file`);
  if (info.size > MAX_FILE_BYTES) throw new RefusedPath(`'${file.path}' has ${info.size} bytes, more than the ${MAX_FILE_BYTES} served`);
  const bytes = await readFile(file.real).catch(() => {
    // The error would name the folder on this machine; the model needs only the repository path.
    throw new RefusedPath(`'${file.path}' cannot be read`);
  });
  if (isBinary(bytes)) throw new RefusedPath(`'${file.path}' is a binary file; not served`);
  // The shape of GitLab's Files API as @zereight/mcp-gitlab answers it, so results read the same.
  return JSON.stringify({
    file_name: path.posix.basename(file.path),
    file_path: file.path,
    size: bytes.length,
    encoding: 'utf8',
    content: bytes.toString('utf8'),
  });
}

async function getRepositoryTree(repository: LocalRepository, requested: string, recursive: boolean): Promise<string> {
  // GitLab's tree API takes '/' for the root as well as nothing.
  const dir = await repository.resolve(requested.trim() === '/' ? '' : requested);
  if (!(await stat(dir.real)).isDirectory()) throw new RefusedPath(`'${dir.path}' is a file; read it with get_file_contents`);
  const entries: Array<{ name: string; type: 'tree' | 'blob'; path: string }> = [];
  for await (const entry of repository.walk(dir, recursive)) {
    if (entries.length === MAX_TREE_ENTRIES) {
      return `${JSON.stringify(entries)}\n(listing stopped at ${MAX_TREE_ENTRIES} entries; list a subfolder)`;
    }
    entries.push({ name: path.posix.basename(entry.path), type: entry.type, path: entry.path });
  }
  return JSON.stringify(entries);
}

async function searchCode(repository: LocalRepository, search: string, folder: string): Promise<string> {
  const root = await repository.resolve(folder.trim() === '/' ? '' : folder);
  if (!(await stat(root.real)).isDirectory()) throw new RefusedPath(`'${root.path}' is a file; read it with get_file_contents`);
  const needle = search.toLowerCase();
  const lines: string[] = [];
  let files = 0;
  for await (const entry of repository.walkBreadthFirst(root)) {
    if (entry.type !== 'blob') continue;
    if (++files > MAX_SEARCH_FILES) {
      lines.push(
        `(partial result: the search stopped after the ${MAX_SEARCH_FILES} shallowest files; search a folder with 'path' for the rest)`,
      );
      break;
    }
    // A file that cannot be read (permissions, a race) is skipped, not the whole search.
    const bytes = await readSmallFile(entry.real);
    if (!bytes || isBinary(bytes)) continue;
    const text = bytes.toString('utf8').split('\n');
    for (let index = 0; index < text.length; index++) {
      const line = text[index] ?? '';
      if (!line.toLowerCase().includes(needle)) continue;
      if (lines.length === MAX_SEARCH_MATCHES) {
        lines.push(`(stopped at ${MAX_SEARCH_MATCHES} matches; search for something more specific)`);
        return lines.join('\n');
      }
      const shown = line.trim();
      lines.push(
        `${entry.path}:${index + 1}: ${shown.length > MAX_SEARCH_LINE_CHARS ? `${shown.slice(0, MAX_SEARCH_LINE_CHARS)}…` : shown}`,
      );
    }
  }
  if (!lines.length) return `no match for '${search}'`;
  if (lines.length === 1 && files > MAX_SEARCH_FILES) return `no match for '${search}' ${lines[0]}`;
  return lines.join('\n');
}

async function readSmallFile(file: string): Promise<Buffer | undefined> {
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
