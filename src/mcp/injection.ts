// Fills the project and ref into every tool call so the model never guesses
// them: the properties are hidden from the schema the model sees, and whatever
// the model sends for them anyway is replaced by the configured value.

type Schema = Record<string, unknown>;

export interface InjectionRule {
  /** Property spellings that take this value, e.g. project_id, projectId, project. */
  names: readonly string[];
  value: string;
}

export const PROJECT_PARAMETER_NAMES = ['project_id', 'projectId', 'project'] as const;
export const REF_PARAMETER_NAMES = ['ref', 'branch', 'branch_name'] as const;

export function defaultInjectionRules(projectId: string | undefined, ref: string | undefined): InjectionRule[] {
  const rules: InjectionRule[] = [];
  if (projectId) rules.push({ names: PROJECT_PARAMETER_NAMES, value: projectId });
  if (ref) rules.push({ names: REF_PARAMETER_NAMES, value: ref });
  return rules;
}

/** The values to inject into one tool, keyed by the property names its schema has. */
export function injectedValuesFor(inputSchema: Schema, rules: readonly InjectionRule[]): Record<string, unknown> {
  const properties = isSchema(inputSchema.properties) ? inputSchema.properties : {};
  const values: Record<string, unknown> = {};
  for (const rule of rules) {
    for (const name of rule.names) {
      if (name in properties) values[name] = typed(rule.value, properties[name]);
    }
  }
  return values;
}

/** A copy of the schema without the injected properties (nor their `required` entries). */
export function hideInjected(parameters: Schema, injected: Record<string, unknown>): Schema {
  const names = Object.keys(injected);
  if (!names.length) return parameters;
  const properties = { ...(isSchema(parameters.properties) ? parameters.properties : {}) };
  for (const name of names) delete properties[name];
  const result: Schema = { ...parameters, properties };
  if (Array.isArray(parameters.required)) {
    const required = parameters.required.filter((name) => !names.includes(name as string));
    if (required.length) result.required = required;
    else delete result.required;
  }
  return result;
}

/** The model's arguments with the configured values put over anything it sent. */
export function applyInjection(args: Record<string, unknown>, injected: Record<string, unknown>): Record<string, unknown> {
  return { ...args, ...injected };
}

/** A numeric id stays a number where the schema accepts only numbers. */
function typed(value: string, propertySchema: unknown): unknown {
  const schema = isSchema(propertySchema) ? propertySchema : {};
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const numeric = types.length > 0 && types.every((type) => type === 'integer' || type === 'number');
  if (numeric && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
