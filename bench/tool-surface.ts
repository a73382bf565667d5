// Scenario 3 (issue 3): what the tool surface costs against the real GitLab MCP server.
// The same generation through the CLI with the default surface (the repository readers)
// and with the whole catalogue offered; and `writer tools --json` on both surfaces.

import { describeFailure, runWriter } from './cli.js';
import { sum } from './format.js';
import { FIXTURE_REPO, mcpFlags, readFile, readTree, scriptedGeneration, withZereight } from './scripted-generation.js';

/** Every tool of the server, write tools included. */
const FULL_SURFACE = ['--allow-write-tools', '--allow-tool', '*'] as const;

/** The generation of this scenario, also measured by scenario 7. */
export const SURFACE_ROUNDS = [
  [readTree('tests', true), readFile('resources/orders.resource')],
  [readFile('tests/orders/create_order.robot')],
] as const;
const ROUNDS = SURFACE_ROUNDS;

export interface SurfaceGeneration {
  status: string;
  error?: string;
  toolsOffered: number;
  /** Bytes of the `tools` array in each chat request. */
  schemaBytesPerRequest: number[];
  requestBytes: number[];
  totalBytes: number;
}

export interface SurfaceListing {
  tools: number;
  offered: number;
  exposedBytes: number;
  catalogueBytes: number;
}

export interface ToolSurfaceFigures {
  server: string;
  callsPerRound: number[];
  listing: { default: SurfaceListing; full: SurfaceListing };
  generation: { default: SurfaceGeneration; full: SurfaceGeneration };
}

interface ToolRow {
  name: string;
  exposed: boolean;
  schemaBytes: number;
  fullSchemaBytes?: number;
}

export async function benchToolSurface(): Promise<ToolSurfaceFigures> {
  return withZereight(FIXTURE_REPO, async (mcpUrl) => ({
    server: '@zereight/mcp-gitlab 2.1.64 (default toolsets)',
    callsPerRound: ROUNDS.map((calls) => calls.length),
    listing: { default: await listTools(mcpUrl, []), full: await listTools(mcpUrl, FULL_SURFACE) },
    generation: { default: await generateWith(mcpUrl, []), full: await generateWith(mcpUrl, FULL_SURFACE) },
  }));
}

async function listTools(mcpUrl: string, surface: readonly string[]): Promise<SurfaceListing> {
  const run = await runWriter(['tools', '--json', ...mcpFlags(mcpUrl), ...surface]);
  if (run.code !== 0) throw new Error(`writer tools failed (${describeFailure(run)})`);
  const rows = JSON.parse(run.stdout) as ToolRow[];
  const offered = rows.filter((row) => row.exposed);
  return {
    tools: rows.length,
    offered: offered.length,
    exposedBytes: sum(offered.map((row) => row.schemaBytes)),
    // The catalogue as the server describes it (before compaction, where the CLI reports both).
    catalogueBytes: sum(rows.map((row) => row.fullSchemaBytes ?? row.schemaBytes)),
  };
}

function generateWith(mcpUrl: string, surface: readonly string[]): Promise<SurfaceGeneration> {
  return scriptedGeneration(mcpUrl, ROUNDS, surface, {}, (model) => ({
    toolsOffered: model.requests[0]?.tools?.length ?? 0,
    schemaBytesPerRequest: model.requests.map((request) => Buffer.byteLength(JSON.stringify(request.tools ?? []))),
    requestBytes: [...model.requestBytes],
    totalBytes: sum(model.requestBytes),
  }));
}
