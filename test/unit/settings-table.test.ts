// The settings table is the one definition of every setting: the commander options,
// the schemas, the README's option tables and the secrets all come from it.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkConfigSettings } from '../../src/config/config-file.js';
import { DEFAULT_MAX_ROUNDS } from '../../src/config/defaults.js';
import { resolveSettings } from '../../src/config/resolve-config.js';
import { settingsSecrets } from '../../src/config/secrets.js';
import { settingsTable, variablesTable, withSettingsTables } from '../../src/config/settings-docs.js';
import { SETTINGS_SCHEMA_FILE, fileSettingsSchema, fileSettingsSchemaText } from '../../src/config/settings-schema.js';
import { COMMANDS, settingEntries, settingsOf, type CommandName } from '../../src/config/settings.js';
import { addSettingOptions, givenFlags } from '../../src/cli/options.js';
import { ROOT } from '../helpers/run-cli.js';

function commandOf(name: CommandName): Command {
  const program = new Command('writer').exitOverride().configureOutput({ writeErr: () => undefined });
  const command = addSettingOptions(program.command(name).exitOverride(), name);
  command.action(() => undefined);
  return command;
}

describe('the settings table', () => {
  it('gives every command an option per setting it takes, under the setting’s own name', () => {
    for (const name of COMMANDS) {
      const options = commandOf(name).options.map((option) => option.attributeName());
      const expected = settingsOf(name)
        .filter(([, setting]) => setting.flag !== undefined)
        .map(([key]) => key);
      expect(options, name).toEqual(expected);
    }
  });

  it('shows choices, defaults and variables in help from the table, never from text written by hand', () => {
    const help = commandOf('generate').helpInformation().replace(/\s+/g, ' ');
    expect(help).toContain(`model rounds before giving up (default: ${DEFAULT_MAX_ROUNDS})`);
    expect(help).toContain('(choices: native, text, auto; default: auto; env: WRITER_TOOL_FORMAT)');
    expect(help).toContain('(required; env: SPEC_JSON_PATH)');
    expect(help).toContain('tool calls before giving up (default: no limit)');
    expect(help).toContain('(repeatable)');
    // init writes settings and reads no variables, so its help names none.
    expect(commandOf('init').helpInformation()).not.toContain('env:');
    for (const [, setting] of settingEntries()) expect(setting.help, setting.flag).not.toMatch(/\(default/);
  });

  it('refuses a value outside the choices on the command line', () => {
    expect(() => commandOf('generate').parse(['--provider', 'acme'], { from: 'user' })).toThrow(/Allowed choices are openai, ollama/);
  });

  it('hands over only what the command line gave: defaults apply after the variables and the file', async () => {
    const command = commandOf('generate');
    await command.parseAsync(['--max-rounds', '5', '--variable', 'A', '--variable', 'B:1', '--dry-run'], { from: 'user' });
    expect(givenFlags(command)).toEqual({ maxRounds: '5', variable: ['A', 'B:1'], dryRun: true });
    const login = commandOf('login');
    await login.parseAsync(['--no-browser'], { from: 'user' });
    expect(givenFlags(login)).toEqual({ browser: false });
  });

  it('resolves to its defaults, typed, when nothing is given', () => {
    const settings = resolveSettings({}, {}, []);
    for (const [name, setting] of settingEntries()) {
      expect(settings[name], name).toEqual(setting.default);
    }
    expect(resolveSettings({ maxRounds: '7', timeout: '1.5' }, {}, [])).toMatchObject({ maxRounds: 7, timeout: 1.5 });
  });

  it('keeps secrets out of the file unless the table lets the file reference them', () => {
    const file = fileSettingsSchema();
    const keys = Object.keys(file.properties as object);
    for (const [name, setting] of settingEntries()) {
      expect(keys.includes(name), name).toBe(setting.file !== undefined);
      if (setting.secret && setting.file === undefined) {
        expect(() => checkConfigSettings({ [name]: 'x' }, 'w.json')).toThrow(`/${name} is a secret and does not belong in the file`);
      }
    }
    expect(() => checkConfigSettings({ oauthClientSecret: 'plain' }, 'w.json')).toThrow('write it as a reference');
    expect(() => checkConfigSettings({ oauthClientSecret: '${WRITER_OAUTH_CLIENT_SECRET}' }, 'w.json')).not.toThrow();
  });

  it('collects every secret of the settings: marked ones, header values and credentials in URLs', () => {
    const settings = resolveSettings(
      {
        apiKey: 'sk-flag-key',
        mcpHeader: ['X-Api-Key: header-secret', 'Authorization: Bearer inner-token'],
        baseUrl: 'https://user:url-password@llm.example/v1',
        mcpUrl: 'https://mcp.example/mcp?private_token=glpat-in-url',
      },
      { GITLAB_MCP_TOKEN: 'env-mcp-token', WRITER_OAUTH_CLIENT_SECRET: 'client-secret-1' },
      [],
    );
    expect(settingsSecrets(settings)).toEqual(
      expect.arrayContaining([
        'sk-flag-key',
        'env-mcp-token',
        'client-secret-1',
        'header-secret',
        'Bearer inner-token',
        'inner-token',
        'url-password',
        'glpat-in-url',
      ]),
    );
    expect(settingsSecrets(settings)).not.toContain('user');
    const marked = settingEntries().filter(([, setting]) => setting.secret);
    expect(marked.map(([name]) => name)).toEqual(['mcpToken', 'oauthClientSecret', 'apiKey']);
  });

  it('is what the checked-in schema says', async () => {
    expect(await readFile(path.join(ROOT, SETTINGS_SCHEMA_FILE), 'utf8')).toBe(fileSettingsSchemaText());
  });

  it('is what the README’s option tables say (npm run docs:settings rewrites them)', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of ['generate', 'lint', 'login', 'init'] as const) {
      expect(readme).toContain(`<!-- settings-table ${name} -->\n${settingsTable(name)}\n<!-- /settings-table -->`);
    }
    expect(readme).toContain(`<!-- settings-table variables -->\n${variablesTable()}\n<!-- /settings-table -->`);
    expect(withSettingsTables(readme)).toBe(readme);
  });

  it('notices a README table that drifts', () => {
    const table = settingsTable('lint');
    const drifted = `<!-- settings-table lint -->\n${table.replace('--pythonpath', '--python-path')}\n<!-- /settings-table -->\n`;
    expect(withSettingsTables(drifted)).not.toBe(drifted);
  });
});
