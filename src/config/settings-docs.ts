// The README's tables of options, derived from the settings table: each sits between
// `<!-- settings-table COMMAND -->` and `<!-- /settings-table -->` and is rewritten
// by `npm run docs:settings`; a unit test fails when the README differs.

import { readsEnvironment, settingsOf, COMMANDS, type CommandName, type SettingDefinition } from './settings.js';

const OPENING = /<!-- settings-table ([a-z]+) -->\n[\s\S]*?<!-- \/settings-table -->/g;

/** The Markdown table of the options of `command`: flag, variable, default and meaning. */
export function settingsTable(command: CommandName): string {
  const rows = settingsOf(command).map(([, setting]) => {
    const flag = setting.flag === undefined ? '' : [setting.short, `${setting.flag}${setting.argument ? ` ${setting.argument}` : ''}`];
    const flagCell = Array.isArray(flag)
      ? flag
          .filter((part): part is string => part !== undefined)
          .map((part) => `\`${part}\``)
          .join(', ')
      : '';
    const variable = setting.env !== undefined && readsEnvironment(command) ? `\`${setting.env}\`` : '';
    return `| ${flagCell} | ${variable} | ${defaultCell(setting, command)} | ${meaning(setting, command)} |`;
  });
  return ['| flag | environment | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `readme` with every marked table rewritten from the settings table. */
export function withSettingsTables(readme: string): string {
  return readme.replace(OPENING, (_whole, command: string) => {
    const known = COMMANDS.find((name) => name === command);
    if (known === undefined) throw new Error(`README: no command '${command}' takes settings`);
    return `<!-- settings-table ${known} -->\n${settingsTable(known)}\n<!-- /settings-table -->`;
  });
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
  const text = setting.docIn?.[command] ?? setting.helpIn?.[command] ?? setting.doc ?? setting.help;
  if (setting.type !== 'choices' || setting.choices.every((choice) => text.includes(`\`${choice}\``))) return escapeCell(text);
  return escapeCell(`${text} (one of ${setting.choices.map((choice) => `\`${choice}\``).join(', ')})`);
}

/** A `|` would end the cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
