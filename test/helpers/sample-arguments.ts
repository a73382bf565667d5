// Argument objects for a JSON Schema, made up from its properties, types, enums and
// combinators with a seeded generator: many plausible calls of a tool, valid or not.
// Tests keep the ones a validator of the full schema accepts.

type Schema = Record<string, unknown>;

const STRINGS = [
  '',
  'a',
  'doc/convention.md',
  'tests/orders/create_order.robot',
  'main',
  '42',
  '2024-01-31T12:00:00Z',
  'https://gitlab.example.com/qa',
];
const NUMBERS = [0, 1, 2, 20, 100, -1, 1.5];
const MAX_DEPTH = 5;

/** A small deterministic generator (mulberry32), so a failing sample is the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` argument objects for `schema`: the first with every property, the second with the required ones only, then random subsets. */
export function sampleArguments(schema: Schema, count: number, seed = 1): unknown[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, index) => sample(schema, random, 0, index === 0 ? 'all' : index === 1 ? 'required' : 'some'));
}

function sample(node: unknown, random: () => number, depth: number, pick: 'all' | 'required' | 'some'): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return 'x';
  const schema = node as Schema;
  const choose = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return choose(schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) return sample(choose(branches), random, depth + 1, pick);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    // Properties of every part together; a validator decides whether the mix holds.
    const merged = schema.allOf.map((part) => sample(part, random, depth + 1, pick));
    return merged.every(isRecord) ? Object.assign({}, ...merged) : merged[0];
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  const type = types.length ? choose(types) : isRecord(schema.properties) ? 'object' : choose(['string', 'number', 'boolean']);
  switch (type) {
    case 'object': {
      if (depth >= MAX_DEPTH) return {};
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const out: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(properties)) {
        const wanted = required.includes(name) || pick === 'all' || (pick === 'some' && random() < 0.5);
        if (wanted) out[name] = sample(child, random, depth + 1, pick === 'all' ? 'all' : 'some');
      }
      return out;
    }
    case 'array': {
      if (depth >= MAX_DEPTH) return [];
      const length = pick === 'all' ? 2 : Math.floor(random() * 3);
      const items = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
      return Array.from({ length }, (_, index) => sample(items?.[index] ?? schema.items, random, depth + 1, pick));
    }
    case 'string':
      return choose(STRINGS);
    case 'integer':
      return Math.trunc(choose(NUMBERS));
    case 'number':
      return choose(NUMBERS);
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return 'x';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
