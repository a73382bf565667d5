// The commands' options, derived from the settings table (src/config/settings.ts):
// flags, help, choices and defaults are written there once and shown here.

import { type Command, Help, Option } from 'commander';
import type { Flags } from '../config/resolve-config.js';
import { readsEnvironment, settingsOf, type CommandName, type SettingDefinition, type SettingName } from '../config/settings.js';

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** An option of the table, with what its help line adds besides choices and default. */
class SettingOption extends Option {
  constructor(
    flags: string,
    description: string,
    /** The variable the command reads when the flag is not given. */
    readonly variable: string | undefined,
    /** What happens when it is not given and there is no default value. */
    readonly unset: string | undefined,
    /** Whether the command cannot run without it. */
    readonly requiredHere: boolean,
  ) {
    super(flags, description);
  }
}

/** The commander option of one setting, as `command` shows it. */
export function settingOption(name: SettingName, setting: SettingDefinition, command: CommandName): Option {
  const flag = setting.flag;
  if (flag === undefined) throw new Error(`${name} has no flag`);
  const flags = [setting.short, [flag, setting.argument].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const repeatable = setting.type === 'list' && !setting.variadic;
  const help = (setting.helpIn?.[command] ?? setting.help) + (repeatable ? ' (repeatable)' : '');
  const variable = readsEnvironment(command) ? setting.env : undefined;
  const option = new SettingOption(flags, help, variable, setting.unset, setting.requiredBy?.includes(command) ?? false);
  if (setting.type === 'choices') option.choices(setting.choices);
  if (repeatable) option.argParser(collect);
  // Defaults of values are shown; a switch is off and a list empty without saying so. The value
  // commander then holds is dropped by givenFlags: the table's default applies after the variable and the file.
  if ((setting.type === 'string' || setting.type === 'choices') && setting.default !== undefined) {
    option.default(setting.default, setting.default);
  } else if ((setting.type === 'integer' || setting.type === 'number') && setting.default !== undefined) {
    option.default(setting.default, String(setting.default));
  }
  return option;
}

/** Adds every option of the table that `name` takes, in table order, and shows their variables in help. */
export function addSettingOptions(command: Command, name: CommandName): Command {
  for (const [key, setting] of settingsOf(name)) {
    if (setting.flag !== undefined) command.addOption(settingOption(key, setting, name));
  }
  return command.configureHelp({ optionDescription: describeOption });
}

/** One parenthesis after the help: choices, the default (or what being unset means), the variable. */
function describeOption(option: Option): string {
  if (!(option instanceof SettingOption)) return new Help().optionDescription(option);
  const notes: string[] = option.requiredHere ? ['required'] : [];
  if (option.argChoices) notes.push(`choices: ${option.argChoices.join(', ')}`);
  if (option.defaultValue !== undefined && !option.negate) notes.push(`default: ${option.defaultValueDescription ?? ''}`);
  else if (option.unset !== undefined) notes.push(`default: ${option.unset}`);
  if (option.variable !== undefined) notes.push(`env: ${option.variable}`);
  return notes.length ? `${option.description} (${notes.join('; ')})` : option.description;
}

/**
 * The options given on the command line, without the defaults commander fills in:
 * a flag beats its variable and the file, a default does not.
 */
export function givenFlags(command: Command): Record<string, unknown> {
  const values: Record<string, unknown> = command.opts();
  return Object.fromEntries(Object.entries(values).filter(([key]) => command.getOptionValueSource(key) === 'cli'));
}

/** --config, the one flag read before the settings are: it says where the file is. */
export function configFlag(flags: Flags): string | undefined {
  return typeof flags.config === 'string' ? flags.config : undefined;
}
