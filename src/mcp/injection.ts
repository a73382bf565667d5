// Fills the project and ref into every tool call so the model never guesses
// them: the properties are hidden from the schema the model sees, and whatever
// the model sends for them anyway is replaced by the configured value.

type Schema = Record<string, unknown>;

export interface InjectionRule {
  /** Property spellings that take this value, e.g. project_id, projectId, project. */
  names: readonly string[];
  value: string;
  /** Generic names (GitLab's `id`) that take the value only when their description says what they are. */
  describedNames?: ReadonlyArray<{ name: string; description: RegExp }>;
  /** Properties that name the same thing another way (GitLab's `url`); hidden and dropped when this rule applies. */
  supersedes?: readonly string[];
}

/** What one tool gets: values to put into its calls, and properties to take away. */
export interface ToolInjection {
  values: Record<string, unknown>;
  removed: string[];
}

export const PROJECT_PARAMETER_NAMES = ['project_id', 'projectId', 'project'] as const;
export const REF_PARAMETER_NAMES = ['ref', 'branch', 'branch_name'] as const;

export function injectionRules(options: { projectId?: string; ref?: string; inject?: Record<string, string> }): InjectionRule[] {
  const rules: InjectionRule[] = [];
  if (options.projectId) {
    rules.push({
      names: PROJECT_PARAMETER_NAMES,
      value: options.projectId,
      // GitLab's built-in server calls the project `id` on its REST-route tools and
      // accepts a project `url` instead of `project_id` on others.
      describedNames: [{ name: 'id', description: /project/i }],
      supersedes: ['url'],
    });
  }
  if (options.ref) rules.push({ names: REF_PARAMETER_NAMES, value: options.ref });
  for (const [name, value] of Object.entries(options.inject ?? {})) rules.push({ names: [name], value });
  return rules;
}

/** The values to inject into one tool, keyed by the property names its schema has. */
export function injectionFor(inputSchema: Schema, rules: readonly InjectionRule[]): ToolInjection {
  const properties = isSchema(inputSchema.properties) ? inputSchema.properties : {};
  const values: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const rule of rules) {
    let applied = false;
    for (const name of rule.names) {
      if (name in properties) {
        values[name] = typed(rule.value, properties[name]);
        applied = true;
      }
    }
    for (const { name, description } of rule.describedNames ?? []) {
      const property = properties[name];
      if (isSchema(property) && typeof property.description === 'string' && description.test(property.description)) {
        values[name] = typed(rule.value, property);
        applied = true;
      }
    }
    if (applied) removed.push(...(rule.supersedes ?? []).filter((name) => name in properties && !(name in values)));
  }
  return { values, removed: [...removed, ...Object.keys(values)] };
}

/** A copy of the schema without the injected or superseded properties (nor their `required` entries). */
export function hideInjected(parameters: Schema, injection: ToolInjection): Schema {
  const names = injection.removed;
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
export function applyInjection(args: Record<string, unknown>, injection: ToolInjection): Record<string, unknown> {
  const result = { ...args };
  for (const name of injection.removed) delete result[name];
  return { ...result, ...injection.values };
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
