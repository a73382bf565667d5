// The sign-ins of `writer login`: per MCP server, one JSON file in the user's
// config folder with the client registration, the tokens and the discovered
// endpoints. Folder 0700, files 0600, written atomically; every secret read
// or written joins the run's redactor.

import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { UsageError } from '../errors.js';
import type { Redactor } from '../output/redact.js';
import { writeFileAtomic } from '../output/write-atomic.js';

/** Only the user may read the folder and the sign-ins: they hold bearer tokens. */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
/** Enough of the URL's hash to tell servers apart; the host in the name is for people. */
const KEY_HASH_CHARS = 16;
const FORMAT = 1;

export interface StoredSignIn {
  format: number;
  /** The normalised MCP server URL this sign-in is for. */
  serverUrl: string;
  /** A dynamic registration as the server answered it, or a client registered by hand (its secret never stored). */
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When the tokens were received (ms since the epoch): with expires_in, when they expire. */
  tokensSavedAt?: number;
  discovery?: OAuthDiscoveryState;
}

/** The URL as a key: no fragment, no trailing slash, host and scheme as URL spells them. */
export function normaliseServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`MCP server URL is not a URL: ${url}`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
}

/** When the stored access token expires, if the server said. */
export function tokensExpireAt(stored: StoredSignIn | undefined): Date | undefined {
  const seconds = stored?.tokens?.expires_in;
  if (seconds === undefined || stored?.tokensSavedAt === undefined) return undefined;
  return new Date(stored.tokensSavedAt + seconds * 1000);
}

export class SignInStore {
  readonly serverUrl: string;
  readonly file: string;

  constructor(
    private readonly folder: string,
    serverUrl: string,
    /** The run's redactor: the tokens and client secrets of the sign-in join it. */
    private readonly redactor: Redactor,
  ) {
    this.serverUrl = normaliseServerUrl(serverUrl);
    const host = new URL(this.serverUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
    const hash = createHash('sha256').update(this.serverUrl).digest('hex').slice(0, KEY_HASH_CHARS);
    this.file = path.join(folder, 'oauth', `${host}-${hash}.json`);
  }

  /** The stored sign-in, or undefined when there is none (or it is unreadable: then there is none to use). */
  async read(): Promise<StoredSignIn | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new UsageError(`cannot read the stored sign-in ${this.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let stored: StoredSignIn;
    try {
      stored = JSON.parse(text) as StoredSignIn;
    } catch {
      return undefined;
    }
    if (typeof stored !== 'object' || stored === null || stored.serverUrl !== this.serverUrl) return undefined;
    this.redactor.add([stored.tokens?.access_token, stored.tokens?.refresh_token, stored.client?.client_secret]);
    return stored;
  }

  /** Secrets the sign-in learns outside the store (a PKCE verifier), for the same redactor. */
  addSecrets(secrets: readonly (string | undefined)[]): void {
    this.redactor.add(secrets);
  }

  /** Changes the stored sign-in: read, change, written whole. */
  async update(change: (stored: StoredSignIn) => StoredSignIn): Promise<void> {
    const current = (await this.read()) ?? { format: FORMAT, serverUrl: this.serverUrl };
    const next = change({ ...current });
    this.redactor.add([next.tokens?.access_token, next.tokens?.refresh_token, next.client?.client_secret]);
    await this.ensureFolders();
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n', { overwrite: true, mode: FILE_MODE });
  }

  /** Forgets the sign-in; says whether there was one. */
  async remove(): Promise<boolean> {
    const existed = (await this.read().catch(() => undefined)) !== undefined;
    await rm(this.file, { force: true });
    return existed;
  }

  private async ensureFolders(): Promise<void> {
    const oauth = path.dirname(this.file);
    // mkdir applies the mode only to folders it creates; the oauth folder is ours alone, so it is tightened too.
    await mkdir(this.folder, { recursive: true, mode: FOLDER_MODE });
    await mkdir(oauth, { recursive: true, mode: FOLDER_MODE });
    await chmod(oauth, FOLDER_MODE);
  }
}
