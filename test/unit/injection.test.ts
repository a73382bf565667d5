import { describe, expect, it } from 'vitest';
import { applyInjection, hideInjected, injectionFor, injectionRules } from '../../src/mcp/injection.js';
import { offerTools } from '../../src/mcp/tool-host.js';

const rules = injectionRules({ projectId: '42', ref: 'qa-fixtures' });

describe('injection', () => {
  it('finds every spelling of project and ref that a schema has', () => {
    const schema = {
      type: 'object',
      properties: { projectId: { type: 'string' }, branch_name: { type: 'string' }, path: { type: 'string' } },
    };
    expect(injectionFor(schema, rules).values).toEqual({ projectId: '42', branch_name: 'qa-fixtures' });
    expect(injectionFor({ type: 'object', properties: { project: {}, branch: {}, ref: {} } }, rules).values).toEqual({
      project: '42',
      branch: 'qa-fixtures',
      ref: 'qa-fixtures',
    });
  });

  it("covers GitLab's built-in server: `id` described as the project, and `url` superseded", () => {
    const getIssue = {
      type: 'object',
      properties: { id: { type: 'string', description: 'The ID or URL-encoded path of the project' }, issue_iid: { type: 'integer' } },
    };
    expect(injectionFor(getIssue, rules)).toEqual({ values: { id: '42' }, removed: ['id'] });
    const getFile = {
      type: 'object',
      properties: { url: { type: 'string' }, project_id: { type: 'string' }, file_path: { type: 'string' }, ref: { type: 'string' } },
    };
    const injection = injectionFor(getFile, rules);
    expect(injection.values).toEqual({ project_id: '42', ref: 'qa-fixtures' });
    expect(hideInjected(getFile, injection)).toEqual({ type: 'object', properties: { file_path: { type: 'string' } } });
    expect(applyInjection({ url: 'https://gitlab.example/x/y', file_path: 'a' }, injection)).toEqual({
      file_path: 'a',
      project_id: '42',
      ref: 'qa-fixtures',
    });
    // An `id` that is not the project is left to the model.
    expect(injectionFor({ type: 'object', properties: { id: { type: 'integer', description: 'The issue id' } } }, rules).values).toEqual(
      {},
    );
  });

  it('injects --inject names beside project and ref', () => {
    const custom = injectionRules({ projectId: '42', inject: { namespace: 'qa', per_page: '100' } });
    const schema = { type: 'object', properties: { namespace: {}, per_page: { type: 'integer' }, project_id: {} } };
    expect(injectionFor(schema, custom).values).toEqual({ project_id: '42', namespace: 'qa', per_page: 100 });
  });

  it('injects nothing into tools without those properties, or without configured values', () => {
    expect(injectionFor({ type: 'object', properties: { search: {} } }, rules)).toEqual({ values: {}, removed: [] });
    expect(injectionFor({ type: 'object', properties: { project_id: {}, url: {} } }, injectionRules({})).values).toEqual({});
  });

  it('keeps a numeric id a number where the schema takes only numbers', () => {
    expect(injectionFor({ type: 'object', properties: { project_id: { type: 'integer' } } }, rules).values).toEqual({ project_id: 42 });
    expect(injectionFor({ type: 'object', properties: { project_id: { type: ['string', 'integer'] } } }, rules).values).toEqual({
      project_id: '42',
    });
  });

  it('hides injected properties and their required entries from the model', () => {
    const parameters = {
      type: 'object',
      properties: { project_id: { type: 'string' }, file_path: { type: 'string' }, ref: { type: 'string' } },
      required: ['project_id', 'file_path', 'ref'],
    };
    expect(hideInjected(parameters, injectionFor(parameters, rules))).toEqual({
      type: 'object',
      properties: { file_path: { type: 'string' } },
      required: ['file_path'],
    });
  });

  it('replaces what the model sends for an injected property', () => {
    const injection = { values: { project_id: '42', ref: 'qa' }, removed: ['project_id', 'ref'] };
    expect(applyInjection({ file_path: 'a', ref: 'main', project_id: '999' }, injection)).toEqual({
      file_path: 'a',
      ref: 'qa',
      project_id: '42',
    });
  });

  it('finds project and ref behind a root $ref or allOf, so a value the model sends is still replaced', () => {
    const wrapped = {
      name: 'read',
      inputSchema: {
        allOf: [{ $ref: '#/$defs/Project' }, { type: 'object', properties: { file_path: { type: 'string' } } }],
        $defs: {
          Project: { type: 'object', properties: { project_id: { type: 'string' }, ref: { type: 'string' } }, required: ['project_id'] },
        },
      },
    };
    const [offered] = offerTools([wrapped], rules);
    expect(offered?.injection.values).toEqual({ project_id: '42', ref: 'qa-fixtures' });
    expect(offered?.definition.parameters).toEqual({ type: 'object', properties: { file_path: { type: 'string' } } });
    expect(applyInjection({ project_id: 'evil/other', file_path: 'a' }, offered!.injection)).toEqual({
      project_id: '42',
      ref: 'qa-fixtures',
      file_path: 'a',
    });
  });
});
