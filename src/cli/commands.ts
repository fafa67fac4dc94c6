import { parseArgs } from 'node:util';
import { ENGINE_VARIABLES } from '../config.js';
import { UserError } from '../types.js';

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
  /** What it does, for `--help`. */
  does: string;
  operand?: string;
  flags: readonly FlagName[];
}

export const COMMANDS = {
  ask: {
    does: 'answers from the notes, quoted, with the sections cited (builds the index first if there is none).\n' + 'No question: a prompt in a terminal (/q quits); with --json, one question per stdin line, one JSON object per line.',
    operand: '"question"',
    flags: ['knowledge', 'index', 'json', 'k', 'no-refresh'],
  },
  search: { does: 'lists the sections that best match, with file and lines.', operand: '"query"', flags: ['knowledge', 'index', 'json', 'k', 'no-refresh'] },
  ingest: { does: 'builds or updates the index from the notes; unchanged notes are not embedded again.', flags: ['knowledge', 'index', 'embedder', 'model', 'analyzer', 'force', 'watch'] },
  concept: {
    does: 'shows a concept card as /concept does: the section, its key sentences and terms, a self-check question.\n' + 'No name: lists every concept.',
    operand: '[NAME]',
    flags: ['knowledge', 'index', 'json', 'no-refresh'],
  },
  stats: { does: 'what /stats shows admins, read from the bot\'s database (DATABASE_PATH) without changing it.', flags: ['index', 'json'] },
  status: { does: 'what the index holds: notes, chunks, sections, embedder, analyzer, when it was built, whether the notes changed since, size.', flags: ['index', 'json'] },
  eval: {
    does: 'measures answers on labelled question sets (no --set: the whole suite, indexes in data/eval/).',
    flags: ['set', 'knowledge', 'index', 'embedder', 'analyzer', 'split', 'threshold', 'json', 'markdown', 'answers', 'failures', 'sweep', 'check', 'force'],
  },
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
export function parseCommandLine(argv: string[]): CommandLine {
  const [first, ...rest] = argv;
  const command = first !== undefined && !first.startsWith('-') ? first : undefined;
  if (command !== undefined && !isCommand(command)) throw new UserError('BAD_ARGUMENT', `Unknown command "${command}": use ${list(Object.keys(COMMANDS), 'or')} (study-notes --help says what each does).`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(command ? rest : argv);
  } catch (error) {
    // parseArgs's first sentence says what is wrong ("Unknown option '--frobnicate'"); the rest is about `--`.
    throw new UserError('BAD_ARGUMENT', `${(error as Error).message.split('. ')[0]} (study-notes${command ? ` ${command}` : ''} --help lists the flags).`);
  }
  if (command) rejectForeignFlags(command, parsed.values);
  return { command, flags: parsed.values, positionals: parsed.positionals };
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

function rejectForeignFlags(command: CommandName, flags: Flags): void {
  const allowed: readonly string[] = COMMANDS[command].flags;
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined || name === 'help' || allowed.includes(name)) continue;
    const takers = Object.entries(COMMANDS)
      .filter(([, spec]) => (spec.flags as readonly string[]).includes(name))
      .map(([taker]) => taker);
    throw new UserError('BAD_ARGUMENT', `${flagName(name as FlagName)} does not apply to ${command}: it is for ${list(takers, 'and')} (study-notes ${command} --help lists what ${command} takes).`);
  }
}

/** `--help`: each command with what it does and its flags, then where settings come from. */
export function usage(only?: CommandName): string {
  const names = only ? [only] : (Object.keys(COMMANDS) as CommandName[]);
  const commands = names.map((name) => {
    const spec: CommandSpec = COMMANDS[name];
    const flags = spec.flags.map((flag) => `[${flagName(flag)}${VALUES[flag] ? ` ${VALUES[flag]}` : ''}]`).join(' ');
    const does = spec.does.split('\n').map((line) => `      ${line}`).join('\n');
    return `  study-notes ${name} ${flags}${spec.operand ? ` ${spec.operand}` : ''}\n${does}`;
  });
  return [
    'Usage (or `npm run --silent <command> -- …` from the project folder):',
    ...commands,
    '',
    'Settings come from the environment, or from .env in the working directory (the environment wins); .env.example describes each:',
    `  ${ENGINE_VARIABLES.join(', ')}`,
    'Exit codes: 0 done, 2 something to fix (the message says what), 1 an unexpected failure.',
  ].join('\n');
}

function flagName(flag: FlagName): string {
  return flag === 'k' ? '-k' : `--${flag}`;
}

/** "a, b or c" */
function list(items: string[], conjunction: 'and' | 'or'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** "1 note", "3 notes" */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
