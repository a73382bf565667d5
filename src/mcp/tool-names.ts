// OpenAI accepts function names matching ^[a-zA-Z0-9_-]{1,64}$ only. MCP tool
// names may hold dots, slashes or be longer; map them to valid unique names and back.

const VALID_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_NAME_LENGTH = 64;

export class ToolNameMap {
  private readonly toModel = new Map<string, string>();
  private readonly toServer = new Map<string, string>();

  constructor(serverNames: readonly string[]) {
    // Valid names keep their spelling; claim them first so a mapped name never steals one.
    for (const name of serverNames) if (VALID_NAME.test(name)) this.claim(name, name);
    for (const name of serverNames) if (!VALID_NAME.test(name)) this.claim(name, this.uniqueFor(name));
  }

  modelName(serverName: string): string {
    const name = this.toModel.get(serverName);
    if (name === undefined) throw new Error(`no model name for tool ${serverName}`);
    return name;
  }

  /** The server's name for a name the model used, or undefined when no tool has it. */
  serverName(modelName: string): string | undefined {
    return this.toServer.get(modelName);
  }

  private claim(serverName: string, modelName: string): void {
    if (this.toModel.has(serverName)) return;
    this.toModel.set(serverName, modelName);
    this.toServer.set(modelName, serverName);
  }

  private uniqueFor(serverName: string): string {
    const base = (serverName.replace(/[^a-zA-Z0-9_-]/g, '_') || 'tool').slice(0, MAX_NAME_LENGTH);
    let candidate = base;
    for (let n = 2; this.toServer.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
    }
    return candidate;
  }
}

export function isValidToolName(name: string): boolean {
  return VALID_NAME.test(name);
}
