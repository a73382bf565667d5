// The tool catalogue as writer sees it: for every tool of the server, whether
// it is read-only, offered to the model (and why), what is injected into it,
// and how many bytes its definition adds to every model request, before and
// after compaction.

import type { McpConfig, OAuthConfig, ToolConfig } from '../config/resolve-config.js';
import { injectionRules } from '../mcp/injection.js';
import { offerTools, type OfferedTool } from '../mcp/tool-host.js';
import { selectTools } from '../mcp/tool-policy.js';
import { toOpenAITools } from '../model/openai-mapping.js';
import type { Redactor } from '../output/redact.js';
import { connectMcp } from './connect-mcp.js';

export interface ToolReport {
  name: string;
  modelName: string;
  readOnly: boolean;
  readOnlyBy: 'annotation' | 'name';
  exposed: boolean;
  reason: string;
  injected: string[];
  /** Bytes of the function definition (name, description, parameters) as sent to the model. */
  schemaBytes: number;
  /** The same before compaction (equal with --full-schemas). */
  fullSchemaBytes: number;
}

export interface CatalogueReport {
  server: string;
  transport: string;
  tools: ToolReport[];
  exposedBytes: number;
  /** What the offered tools would cost without compaction. */
  exposedFullBytes: number;
  /** The whole catalogue, as the server describes it. */
  catalogueBytes: number;
  compacted: boolean;
  warnings: string[];
}

export async function inspectTools(
  mcp: McpConfig,
  tools: ToolConfig,
  onNotice: (message: string) => void,
  oauth: OAuthConfig | undefined,
  /** The run's redactor: a stored sign-in's tokens join it. */
  redactor: Redactor,
): Promise<CatalogueReport> {
  const { session } = await connectMcp(mcp, oauth, redactor, onNotice);
  try {
    const catalogue = await session.listTools();
    return reportCatalogue(catalogue, tools, session.serverName, session.transportKind);
  } finally {
    await session.close();
  }
}

export function reportCatalogue(
  catalogue: Parameters<typeof selectTools>[0],
  tools: ToolConfig,
  server = 'catalogue',
  transport = 'none',
): CatalogueReport {
  const selection = selectTools(catalogue, tools.policy);
  const compact = !tools.fullSchemas;
  const offered = offerTools(catalogue, injectionRules(tools), { compact });
  const bytes = (definition: OfferedTool['definition']): number => Buffer.byteLength(JSON.stringify(toOpenAITools([definition])[0]));
  const reports = selection.verdicts.map((verdict, index): ToolReport => {
    const entry = offered[index];
    if (!entry) throw new Error('tool lists out of step');
    return {
      name: verdict.tool.name,
      modelName: entry.definition.name,
      readOnly: verdict.readOnly,
      readOnlyBy: verdict.readOnlyBy,
      exposed: verdict.offered,
      reason: verdict.reason,
      injected: Object.keys(entry.injection.values),
      schemaBytes: bytes(entry.definition),
      fullSchemaBytes: bytes(entry.full),
    };
  });
  const exposed = reports.filter((tool) => tool.exposed);
  return {
    server,
    transport,
    tools: reports,
    exposedBytes: exposed.reduce((sum, tool) => sum + tool.schemaBytes, 0),
    exposedFullBytes: exposed.reduce((sum, tool) => sum + tool.fullSchemaBytes, 0),
    catalogueBytes: reports.reduce((sum, tool) => sum + tool.fullSchemaBytes, 0),
    compacted: compact,
    warnings: selection.warnings,
  };
}
