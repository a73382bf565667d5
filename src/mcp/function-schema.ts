// Turns an MCP tool's inputSchema into function parameters that OpenAI-compatible
// servers accept. One rejected schema fails the whole request, so this is strict:
// an object at the root, no $schema, local $refs inlined, arrays with items,
// objects with properties.

type Schema = Record<string, unknown>;

/** How deep $refs are followed; deeper (or cyclic) references become open objects. */
const MAX_REF_DEPTH = 8;

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else', 'propertyNames'] as const;

export function toFunctionParameters(inputSchema: unknown): Schema {
  const root = isSchema(inputSchema) ? inputSchema : {};
  const converted = convert(root, root, [], 0);
  // Properties must sit at the root for the model to see them, and for injection to find them.
  const result: Schema = flattenRootAllOf(isSchema(converted) ? converted : {});
  if (result.type !== 'object') {
    // A root that is not an object (or has no type) cannot be a function's arguments.
    const { type: _type, ...rest } = result;
    return ensureObjectShape({ ...rest, type: 'object' });
  }
  return result;
}

function convert(node: unknown, root: Schema, refStack: string[], depth: number): unknown {
  if (!isSchema(node)) return node;
  if (typeof node.$ref === 'string') return inlineRef(node, root, refStack, depth);

  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs' || key === 'definitions') continue;
    if ((SCHEMA_MAPS as readonly string[]).includes(key) && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convert(child, root, refStack, depth)]));
    } else if ((SCHEMA_LISTS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((child) => convert(child, root, refStack, depth));
    } else if ((SCHEMA_VALUES as readonly string[]).includes(key)) {
      out[key] = typeof value === 'boolean' ? value : convert(value, root, refStack, depth);
    } else {
      out[key] = value;
    }
  }
  return ensureObjectShape(out);
}

function inlineRef(node: Schema, root: Schema, refStack: string[], depth: number): unknown {
  const ref = node.$ref as string;
  const { $ref: _ref, ...siblings } = node;
  const target = ref.startsWith('#') ? resolvePointer(root, ref.slice(1)) : undefined;
  if (target === undefined || refStack.includes(ref) || depth >= MAX_REF_DEPTH) {
    // Remote, dangling or recursive references cannot be inlined: leave an open value.
    const description = typeof siblings.description === 'string' ? siblings.description : undefined;
    return description ? { description } : {};
  }
  const inlined = convert(target, root, [...refStack, ref], depth + 1);
  if (!isSchema(inlined)) return inlined;
  const converted = convert(siblings, root, refStack, depth);
  return mergeSchemas(inlined, isSchema(converted) ? converted : {});
}

/** Both schemas' keys; properties and required of both, so an empty sibling never hides inlined ones. */
function mergeSchemas(base: Schema, extra: Schema): Schema {
  const merged: Schema = { ...base, ...extra };
  if (isSchema(base.properties) || isSchema(extra.properties)) {
    merged.properties = { ...(isSchema(base.properties) ? base.properties : {}), ...(isSchema(extra.properties) ? extra.properties : {}) };
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const required = [...list(base.required), ...list(extra.required)];
  if (required.length) merged.required = [...new Set(required)];
  return ensureObjectShape(merged);
}

/** A root `allOf` of object schemas becomes one object schema. */
function flattenRootAllOf(schema: Schema): Schema {
  if (
    !Array.isArray(schema.allOf) ||
    !schema.allOf.every((part) => isSchema(part) && (part.type === undefined || part.type === 'object'))
  ) {
    return schema;
  }
  const { allOf, ...rest } = schema;
  return (allOf as Schema[]).reduce((merged, part) => mergeSchemas(merged, part), rest);
}

function ensureObjectShape(schema: Schema): Schema {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('array') && schema.items === undefined && schema.prefixItems === undefined) {
    schema.items = {};
  }
  if (types.includes('object') && !isSchema(schema.properties)) {
    schema.properties = {};
  }
  if (Array.isArray(schema.required) && isSchema(schema.properties)) {
    const known = schema.properties;
    const required = schema.required.filter((name) => typeof name === 'string' && name in known);
    if (required.length) schema.required = required;
    else delete schema.required;
  }
  return schema;
}

function resolvePointer(root: Schema, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
    if (current === undefined) return undefined;
  }
  return current;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
