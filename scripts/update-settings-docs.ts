// `npm run docs:settings`: rewrites what is derived from the settings table and checked in,
// the README's option tables and schemas/settings.schema.json, so that both say what the code does.

import { readFileSync, writeFileSync } from 'node:fs';
import { packageFile } from '../src/package-files.js';
import { withSettingsTables } from '../src/config/settings-docs.js';
import { SETTINGS_SCHEMA_FILE, fileSettingsSchemaText } from '../src/config/settings-schema.js';

const readme = packageFile('README.md');
writeFileSync(readme, withSettingsTables(readFileSync(readme, 'utf8')));
writeFileSync(packageFile(SETTINGS_SCHEMA_FILE), fileSettingsSchemaText());
process.stdout.write(`rewrote README.md and ${SETTINGS_SCHEMA_FILE} from src/config/settings.ts\n`);
