// The schema converter and the tool policy over real servers' whole catalogues:
// one schema an OpenAI-compatible server rejects fails every request.

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { reportCatalogue } from '../../src/app/inspect-tools.js';
import type { ToolConfig } from '../../src/config/resolve-config.js';
import { TOOL_DESCRIPTION_MAX_CHARS } from '../../src/mcp/compact-schema.js';
import { injectionRules } from '../../src/mcp/injection.js';
import type { McpTool } from '../../src/mcp/mcp-session.js';
import { offerTools } from '../../src/mcp/tool-host.js';
import { isValidToolName } from '../../src/mcp/tool-names.js';
import { sampleArguments } from '../helpers/sample-arguments.js';

function catalogue(name: string): McpTool[] {
  const file = new URL(`../fixtures/catalogues/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { tools: McpTool[] }).tools;
}

const CATALOGUES = ['zereight-2.1.64', 'zereight-2.1.64-all-toolsets', 'gitlab-builtin'];
const toolConfig: ToolConfig = { projectId: '42', ref: 'qa-fixtures', inject: {}, policy: { allowWriteTools: false, allow: [], deny: [] } };

/** What OpenAI's validator refuses: arrays without items, objects without properties, refs. */
function openAIProblems(schema: unknown, where = '#'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('array') && node.items === undefined) problems.push(`${where}: array without items`);
  if (types.includes('object') && typeof node.properties !== 'object') problems.push(`${where}: object without properties`);
  if ('$ref' in node || '$defs' in node || '$schema' in node) problems.push(`${where}: $ref/$defs/$schema left`);
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) value.forEach((child, index) => problems.push(...openAIProblems(child, `${where}/${key}/${index}`)));
    else if (typeof value === 'object') problems.push(...openAIProblems(value, `${where}/${key}`));
  }
  return problems;
}

/** What a compacted schema must keep: every property name, type, enum, const and required list, at every depth. */
function skeleton(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const node = schema as Record<string, unknown>;
  const properties = node.properties as Record<string, unknown> | undefined;
  const branches = [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])];
  return {
    type: node.type,
    enum: node.enum,
    const: node.const,
    required: node.required,
    properties: properties && Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, skeleton(child)])),
    items: Array.isArray(node.items) ? node.items.map(skeleton) : skeleton(node.items),
    branches: branches.length ? branches.map(skeleton) : undefined,
    allOf: (node.allOf as unknown[] | undefined)?.map(skeleton),
  };
}

/** Recorded model calls that a schema of these catalogues must take: the demo session's and those the tests script. */
const RECORDED_CALLS: Array<{ name: string; arguments: Record<string, unknown> }> = [
  { name: 'get_file_contents', arguments: { file_path: 'resources/orders.resource' } },
  { name: 'get_file_contents', arguments: { path: './doc/convention.md' } },
  { name: 'get_repository_tree', arguments: { path: 'tests', recursive: true } },
  { name: 'get_repository_tree', arguments: { path: '', recursive: true } },
  { name: 'search_code', arguments: { search: 'Cancel Order' } },
  { name: 'search_repositories', arguments: { search: 'robot' } },
];

describe.each(CATALOGUES)('the %s catalogue', (name) => {
  const tools = catalogue(name);

  it('compacts every tool to a schema that compiles, keeps names, types, required and enums, and accepts all the full one accepts', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const offered = offerTools(tools, injectionRules({ projectId: '42', ref: 'qa-fixtures' }));
    let accepted = 0;
    for (const [index, entry] of offered.entries()) {
      const full = ajv.compile(entry.full.parameters);
      const compact = ajv.compile(entry.definition.parameters);
      expect(entry.definition.name).toBe(entry.full.name);
      expect(skeleton(entry.definition.parameters), entry.full.name).toEqual(skeleton(entry.full.parameters));
      expect(entry.definition.description.length, entry.full.name).toBeLessThanOrEqual(TOOL_DESCRIPTION_MAX_CHARS);
      const samples = [
        ...sampleArguments(entry.full.parameters, 40, index + 1),
        ...RECORDED_CALLS.filter((call) => call.name === entry.full.name).map((call) => call.arguments),
      ];
      for (const args of samples) {
        if (!full(args)) continue;
        accepted += 1;
        expect(compact(args), `${entry.full.name} refuses ${JSON.stringify(args)}`).toBe(true);
      }
    }
    // Enough samples pass the full schemas for the check to mean something.
    expect(accepted).toBeGreaterThan(tools.length * 10);
  });

  it('converts every tool into a valid, compilable function definition', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const offered = offerTools(tools, injectionRules({ projectId: '42', ref: 'qa-fixtures' }));
    expect(offered).toHaveLength(tools.length);
    expect(new Set(offered.map((entry) => entry.definition.name)).size).toBe(tools.length);
    for (const { definition } of offered) {
      expect(isValidToolName(definition.name), definition.name).toBe(true);
      expect(definition.parameters.type, definition.name).toBe('object');
      expect(openAIProblems(definition.parameters), definition.name).toEqual([]);
      expect(() => ajv.compile(definition.parameters), definition.name).not.toThrow();
    }
  });
});

describe('the default tool surface', () => {
  it('offers only the repository-reading tools of @zereight/mcp-gitlab, at a tenth of the bytes or less', () => {
    const report = reportCatalogue(catalogue('zereight-2.1.64'), toolConfig);
    expect(report.tools).toHaveLength(118);
    expect(
      report.tools
        .filter((tool) => tool.exposed)
        .map((tool) => tool.name)
        .sort(),
    ).toEqual(['get_file_contents', 'get_project', 'get_repository_tree', 'search_repositories']);
    for (const name of ['push_files', 'create_or_update_file', 'delete_branch', 'merge_merge_request']) {
      expect(report.tools.find((tool) => tool.name === name)).toMatchObject({ readOnly: false, exposed: false });
    }
    expect(report.tools.find((tool) => tool.name === 'get_file_contents')?.injected).toEqual(['project_id', 'ref']);
    expect(report.catalogueBytes / report.exposedBytes).toBeGreaterThanOrEqual(10);
    // Compacted: the descriptions written for a general assistant are cut to what the tool does.
    expect(report.exposedBytes / report.exposedFullBytes).toBeLessThan(0.5);
    const full = reportCatalogue(catalogue('zereight-2.1.64'), { ...toolConfig, fullSchemas: true });
    expect(full.exposedBytes).toBe(report.exposedFullBytes);
    expect(full.compacted).toBe(false);
  });

  it('adds the search toolset of @zereight/mcp-gitlab when it is enabled', () => {
    const report = reportCatalogue(catalogue('zereight-2.1.64-all-toolsets'), toolConfig);
    const exposed = report.tools.filter((tool) => tool.exposed).map((tool) => tool.name);
    expect(exposed).toEqual(expect.arrayContaining(['search_code', 'search_project_code', 'get_file_contents']));
    expect(exposed.every((name) => report.tools.find((tool) => tool.name === name)?.readOnly)).toBe(true);
  });

  it("offers GitLab's built-in server's reading tools with the project injected under each of its spellings", () => {
    const report = reportCatalogue(catalogue('gitlab-builtin'), toolConfig);
    const exposed = Object.fromEntries(report.tools.filter((tool) => tool.exposed).map((tool) => [tool.name, tool.injected]));
    expect(exposed).toEqual({
      get_project: ['project_id'],
      get_repository_file: ['project_id', 'ref'],
      list_repository_tree: ['project_id', 'ref'],
      search: ['project_id'],
      semantic_code_search: ['project_id'],
    });
    const offered = offerTools(catalogue('gitlab-builtin'), injectionRules({ projectId: '42', ref: 'qa' }));
    const getIssue = offered.find((entry) => entry.tool.name === 'get_issue');
    expect(getIssue?.injection.values).toEqual({ id: '42' });
    const file = offered.find((entry) => entry.tool.name === 'get_repository_file');
    expect(Object.keys(file?.definition.parameters.properties as object)).not.toContain('url');
  });

  it('keeps read-only whatever --tools, --allow-tool and --deny-tool say', () => {
    const tools = catalogue('zereight-2.1.64');
    const exposed = (policy: Partial<ToolConfig['policy']>) =>
      reportCatalogue(tools, { ...toolConfig, policy: { ...toolConfig.policy, ...policy } })
        .tools.filter((tool) => tool.exposed)
        .map((tool) => tool.name)
        .sort();
    expect(exposed({ only: ['get_file_contents', 'push_files'] })).toEqual(['get_file_contents']);
    expect(exposed({ allow: ['*'] })).not.toContain('push_files');
    expect(exposed({ allow: ['list_*'] })).toContain('list_merge_requests');
    expect(exposed({ deny: ['get_project', 'search_*'] })).toEqual(['get_file_contents', 'get_repository_tree']);
    expect(exposed({ allowWriteTools: true, only: ['push_files'] })).toEqual(['push_files']);
  });
});
