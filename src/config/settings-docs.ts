// The README's tables of options and of the settings' variables, derived from the
// settings table: each sits between `<!-- settings-table NAME -->` and
// `<!-- /settings-table -->` (NAME is a command, or `variables`) and is rewritten by
// `npm run docs:settings`; a unit test fails when the README differs.

import { readsEnvironment, settingEntries, settingsOf, COMMANDS, type CommandName, type SettingDefinition } from './settings.js';

const OPENING = /<!-- settings-table ([a-z]+) -->\n[\s\S]*?<!-- \/settings-table -->/g;

/** The Markdown table of the options of `command`: flag, variable, config key, default and meaning. */
export function settingsTable(command: CommandName): string {
  const rows = settingsOf(command).map(([name, setting]) => {
    const flag = setting.flag === undefined ? '' : [setting.short, `${setting.flag}${setting.argument ? ` ${setting.argument}` : ''}`];
    const flagCell = Array.isArray(flag)
      ? flag
          .filter((part): part is string => part !== undefined)
          .map((part) => `\`${part}\``)
          .join(', ')
      : '';
    const variable = setting.env !== undefined && readsEnvironment(command) ? `\`${setting.env}\`` : '';
    return `| ${flagCell} | ${variable} | ${configKey(name, setting)} | ${defaultCell(setting, command)} | ${meaning(setting, command)} |`;
  });
  return ['| flag | environment | `writer.config.json` | default | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** The Markdown table of the variables writer reads for its settings, with their flags. */
export function variablesTable(): string {
  const rows = settingEntries().flatMap(([, setting]) => {
    if (setting.env === undefined) return [];
    const flag = setting.flag === undefined ? '' : `\`${setting.flag}\``;
    return [`| \`${setting.env}\` | ${flag} | ${withChoices(setting.doc ?? setting.help, setting)} |`];
  });
  return ['| variable | flag | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `readme` with every marked table rewritten from the settings table. */
export function withSettingsTables(readme: string): string {
  return readme.replace(OPENING, (_whole, command: string) => {
    const known = COMMANDS.find((name) => name === command);
    if (command !== 'variables' && known === undefined) throw new Error(`README: no command '${command}' takes settings`);
    const table = known === undefined ? variablesTable() : settingsTable(known);
    return `<!-- settings-table ${command} -->\n${table}\n<!-- /settings-table -->`;
  });
}

/** The key of the file, and how a secret the file may only reference is written there. */
function configKey(name: string, setting: SettingDefinition): string {
  if (setting.file === undefined) return '';
  return setting.file === 'reference' ? `\`${name}\` (as \`"\${${setting.env ?? 'VAR'}}"\`)` : `\`${name}\``;
}

function defaultCell(setting: SettingDefinition, command: CommandName): string {
  if (setting.requiredBy?.includes(command)) return 'required';
  const value = setting.default;
  if (value === undefined) return setting.unset ?? '';
  // A switch is off unless given; one that is on (`--no-browser`) says so in its flag.
  if (typeof value === 'boolean') return value ? '' : 'off';
  if (Array.isArray(value)) return '';
  return `\`${String(value)}\``;
}

function meaning(setting: SettingDefinition, command: CommandName): string {
  return withChoices(setting.docIn?.[command] ?? setting.helpIn?.[command] ?? setting.doc ?? setting.help, setting);
}

/** The text, naming the values a setting of choices takes unless it names them all already. */
function withChoices(text: string, setting: SettingDefinition): string {
  if (setting.type !== 'choices' || setting.choices.every((choice) => text.includes(`\`${choice}\``))) return escapeCell(text);
  return escapeCell(`${text} (one of ${setting.choices.map((choice) => `\`${choice}\``).join(', ')})`);
}

/** A `|` would end the cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
