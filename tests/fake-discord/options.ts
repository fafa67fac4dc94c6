/**
 * Builds `interaction.data.options` the way the Discord client would, using the
 * registered command definition when there is one (types, subcommands,
 * required options) and inferring types otherwise.
 */
import type { ApiCommand, ApiCommandOption, ApiInteractionOption } from './types.js';

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export type OptionValues = Record<string, string | number | boolean>;

export interface OptionInput {
  /** Command name, for error messages. */
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** `{ query: '한국어', limit: 3 }`, or raw API options (used as given). */
  options?: OptionValues | ApiInteractionOption[];
  /** Autocomplete: the option being typed and its partial text. */
  focused?: { name: string; value: string };
}

export interface BuiltOptions {
  options: ApiInteractionOption[];
  /** Ids referenced by user/channel/role/mentionable options (for `data.resolved`). */
  referenced: { users: string[]; channels: string[]; roles: string[] };
}

function inferType(value: string | number | boolean): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

function findSub(defs: ApiCommandOption[] | undefined, type: number, name: string, command: string): ApiCommandOption {
  const found = defs?.find((o) => o.type === type && o.name === name);
  if (!found) {
    const kind = type === OptionType.SubcommandGroup ? 'subcommand group' : 'subcommand';
    throw new Error(`fake-discord: /${command} has no ${kind} "${name}"`);
  }
  return found;
}

export function buildOptions(command: ApiCommand | undefined, input: OptionInput): BuiltOptions {
  const referenced: BuiltOptions['referenced'] = { users: [], channels: [], roles: [] };
  let leafDefs: ApiCommandOption[] | undefined = command?.options;
  let groupDef: ApiCommandOption | undefined;
  let subDef: ApiCommandOption | undefined;
  if (command) {
    if (input.subcommandGroup) {
      groupDef = findSub(leafDefs, OptionType.SubcommandGroup, input.subcommandGroup, input.name);
      leafDefs = groupDef.options;
    }
    if (input.subcommand) {
      subDef = findSub(leafDefs, OptionType.Subcommand, input.subcommand, input.name);
      leafDefs = subDef.options;
    } else if (leafDefs?.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup)) {
      throw new Error(`fake-discord: /${input.name} needs a subcommand`);
    }
  }

  let leaves: ApiInteractionOption[];
  if (Array.isArray(input.options)) {
    leaves = input.options.map((o) => ({ ...o }));
  } else {
    leaves = Object.entries(input.options ?? {}).map(([name, value]) => {
      const def = leafDefs?.find((o) => o.name === name);
      if (command && !def) throw new Error(`fake-discord: /${input.name} has no option "${name}"`);
      const type = def?.type ?? inferType(value);
      if (def?.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === value)) {
        throw new Error(`fake-discord: "${String(value)}" is not a choice of option "${name}"`);
      }
      return { name, type, value };
    });
  }

  if (input.focused) {
    const { name, value } = input.focused;
    const def = leafDefs?.find((o) => o.name === name);
    if (command && !def) throw new Error(`fake-discord: /${input.name} has no option "${name}"`);
    if (def && def.autocomplete !== true) {
      throw new Error(`fake-discord: option "${name}" of /${input.name} does not have autocomplete enabled`);
    }
    leaves = leaves.filter((o) => o.name !== name);
    leaves.push({ name, type: def?.type ?? OptionType.String, value, focused: true });
  } else if (leafDefs) {
    for (const def of leafDefs) {
      if (def.required === true && !leaves.some((o) => o.name === def.name)) {
        throw new Error(`fake-discord: /${input.name} requires option "${def.name}"`);
      }
    }
  }

  for (const option of leaves) {
    const id = String(option.value);
    if (option.type === OptionType.User) referenced.users.push(id);
    else if (option.type === OptionType.Channel) referenced.channels.push(id);
    else if (option.type === OptionType.Role) referenced.roles.push(id);
    else if (option.type === OptionType.Mentionable) referenced.users.push(id);
  }

  let options = leaves;
  if (input.subcommand) {
    options = [{ name: input.subcommand, type: OptionType.Subcommand, options }];
  }
  if (input.subcommandGroup) {
    options = [{ name: input.subcommandGroup, type: OptionType.SubcommandGroup, options }];
  }
  return { options, referenced };
}
