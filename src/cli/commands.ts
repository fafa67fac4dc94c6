import { parseArgs } from 'node:util';
import { ENGINE_VARIABLES } from '../config.js';
import { UserError } from '../types.js';
import type { CliMessages } from './messages.js';

/** Every flag any command takes; which command takes which is in COMMANDS. */
export const OPTIONS = {
  knowledge: { type: 'string' },
  index: { type: 'string' },
  embedder: { type: 'string' },
  model: { type: 'string' },
  analyzer: { type: 'string' },
  force: { type: 'boolean' },
  watch: { type: 'boolean' },
  json: { type: 'boolean' },
  k: { type: 'string', short: 'k' },
  'no-refresh': { type: 'boolean' },
  set: { type: 'string' },
  sweep: { type: 'boolean' },
  split: { type: 'string' },
  threshold: { type: 'string' },
  markdown: { type: 'boolean' },
  answers: { type: 'string' },
  failures: { type: 'boolean' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagName = Exclude<keyof typeof OPTIONS, 'help'>;

/** How a flag's value is written in the help; flags not listed are switches. */
const VALUES: Partial<Record<FlagName, string>> = {
  knowledge: 'DIR',
  index: 'DIR',
  embedder: 'transformers|hashing',
  model: 'ID',
  analyzer: 'morph|ngram',
  k: 'N',
  set: 'FILE',
  split: 'calibration|report|all',
  threshold: 'T',
  answers: 'N',
};

interface CommandSpec {
  operand?: string;
  flags: readonly FlagName[];
}

/** Each command's operand and flags; what it does, in the terminal's language, is in src/cli/messages.ts. */
export const COMMANDS = {
  ask: { operand: '"question"', flags: ['knowledge', 'index', 'json', 'k', 'no-refresh'] },
  search: { operand: '"query"', flags: ['knowledge', 'index', 'json', 'k', 'no-refresh'] },
  ingest: { flags: ['knowledge', 'index', 'embedder', 'model', 'analyzer', 'force', 'watch'] },
  concept: { operand: '[NAME]', flags: ['knowledge', 'index', 'json', 'no-refresh'] },
  stats: { flags: ['index', 'json'] },
  status: { flags: ['index', 'json'] },
  eval: { flags: ['set', 'knowledge', 'index', 'embedder', 'analyzer', 'split', 'threshold', 'json', 'markdown', 'answers', 'failures', 'sweep', 'check', 'force'] },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export type Flags = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

export interface CommandLine {
  command: CommandName | undefined;
  flags: Flags;
  positionals: string[];
}

/** Splits argv into the command, its flags and its words; a flag the command does not take is a one-line error. */
export function parseCommandLine(argv: string[], m: CliMessages): CommandLine {
  const [first, ...rest] = argv;
  const command = first !== undefined && !first.startsWith('-') ? first : undefined;
  if (command !== undefined && !isCommand(command)) throw new UserError('BAD_ARGUMENT', m.errors.unknownCommand(command, Object.keys(COMMANDS)));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(command ? rest : argv);
  } catch (error) {
    // parseArgs's first sentence says what is wrong ("Unknown option '--frobnicate'"); the rest is about `--`.
    throw new UserError('BAD_ARGUMENT', m.errors.badFlags((error as Error).message.split('. ')[0] ?? '', command));
  }
  if (command) rejectForeignFlags(command, parsed.values, m);
  return { command, flags: parsed.values, positionals: parsed.positionals };
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function rejectForeignFlags(command: CommandName, flags: Flags, m: CliMessages): void {
  const allowed: readonly string[] = COMMANDS[command].flags;
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined || name === 'help' || allowed.includes(name)) continue;
    const takers = Object.entries(COMMANDS)
      .filter(([, spec]) => (spec.flags as readonly string[]).includes(name))
      .map(([taker]) => taker);
    throw new UserError('BAD_ARGUMENT', m.errors.foreignFlag(flagName(name as FlagName), command, takers));
  }
}

/** `--help`: each command with what it does and its flags, then where settings come from and every variable. */
export function usage(m: CliMessages, only?: CommandName): string {
  const names = only ? [only] : (Object.keys(COMMANDS) as CommandName[]);
  const commands = names.map((name) => {
    const spec: CommandSpec = COMMANDS[name];
    const flags = spec.flags.map((flag) => `[${flagName(flag)}${VALUES[flag] ? ` ${VALUES[flag]}` : ''}]`).join(' ');
    const does = m.help.does[name].split('\n').map((line) => `      ${line}`).join('\n');
    return `  study-notes ${name} ${flags}${spec.operand ? ` ${spec.operand}` : ''}\n${does}`;
  });
  return [m.help.usage, ...commands, '', m.help.settings, `  ${ENGINE_VARIABLES.join(', ')}`, m.help.locale, m.help.exitCodes].join('\n');
}

function flagName(flag: FlagName): string {
  return flag === 'k' ? '-k' : `--${flag}`;
}
