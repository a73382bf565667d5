// The JSON schemas of the settings, built from the table: the file's (what
// writer.config.json may hold, also checked in as schemas/settings.schema.json for
// editors) and the resolved settings' (flags, variables, file and defaults together).

import { settingEntries, type SettingDefinition } from './settings.js';

type JsonSchema = Record<string, unknown>;

/** Where the checked-in file schema lives in the package. */
export const SETTINGS_SCHEMA_FILE = 'schemas/settings.schema.json';

/** The schema of writer.config.json: the settings the file may hold, nothing else. */
export function fileSettingsSchema(): JsonSchema {
  const properties = settingEntries()
    .filter(([, setting]) => setting.file !== undefined)
    .map(([name, setting]) => [name, { description: setting.help, ...annotatedDefault(setting), ...valueSchema(setting, true) }]);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://writer.local/schemas/settings.schema.json',
    title: 'writer settings',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(properties),
  };
}

/** The schema of every setting once resolved: lists are lists here (a single spec has become one). */
export function resolvedSettingsSchema(): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(settingEntries().map(([name, setting]) => [name, valueSchema(setting, false)])),
  };
}

/** The file schema as the checked-in file holds it. */
export function fileSettingsSchemaText(): string {
  return JSON.stringify(fileSettingsSchema(), null, 2) + '\n';
}

function annotatedDefault(setting: SettingDefinition): JsonSchema {
  return setting.default !== undefined ? { default: setting.default } : {};
}

function valueSchema(setting: SettingDefinition, inFile: boolean): JsonSchema {
  switch (setting.type) {
    case 'string':
    case 'integer':
    case 'number': {
      const { minimum, exclusiveMinimum, maximum, minLength, pattern } = setting;
      return { type: setting.type, ...defined({ minLength, pattern, minimum, exclusiveMinimum, maximum }) };
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'choices':
      return { enum: [...setting.choices] };
    case 'list': {
      const item = { type: 'string', ...defined({ ...setting.items }) };
      // A file (and a variable) may name a single one: "spec": "specs/**/*.json".
      if (inFile && setting.alsoOne) return { anyOf: [item, { type: 'array', minItems: 1, items: item }] };
      return { type: 'array', ...(setting.alsoOne ? { minItems: 1 } : {}), items: item };
    }
  }
}

/** The keys whose value is set, so the schema holds no `undefined`. */
function defined(values: Record<string, unknown>): JsonSchema {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
