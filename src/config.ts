import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { ANALYZER_NAMES } from './text/analyzer.js';
import { PROJECT_DICTIONARY_CACHE_DIR, type DictionaryCache } from './text/dictionary-cache.js';
import type { EmbedderSpec } from './embed/create.js';
import type { IngestOptions } from './ingest/ingest.js';
import { DEFAULT_TRANSFORMERS_MODEL } from './embed/transformers.js';
import { DEFAULT_MAX_FILE_BYTES } from './notes/load.js';
import { canonicalTimeZone } from './store/settings.js';
import { DEFAULT_NOTE_PARSE_TIMEOUT_SECONDS } from './notes/parse-pool.js';

/**
 * All configuration comes from the environment over `.env` in the working directory, parsed once here
 * for every entry point (CLI, bot, register). `.env.example` documents every variable. A bad value stops
 * the program with one line naming the variable (and `.env` when it came from there) and what to put.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').positive('must be a number above 0');

const timezone = z.string().transform((zone, context) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical === undefined) context.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Asia/Seoul' });
  return canonical ?? zone;
});

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, '월': 1, '월요일': 1,
  tue: 2, tuesday: 2, '화': 2, '화요일': 2,
  wed: 3, wednesday: 3, '수': 3, '수요일': 3,
  thu: 4, thursday: 4, '목': 4, '목요일': 4,
  fri: 5, friday: 5, '금': 5, '금요일': 5,
  sat: 6, saturday: 6, '토': 6, '토요일': 6,
  sun: 7, sunday: 7, '일': 7, '일요일': 7,
};

/** A weekday name (`sun`, `sunday`, `일요일`) as its ISO number (1 Monday … 7 Sunday), or null for `off`. */
const weekday = z.string().transform((day, context): number | null => {
  const key = day.trim().toLowerCase();
  if (key === 'off') return null;
  const number = WEEKDAYS[key];
  if (number === undefined) context.addIssue({ code: 'custom', message: 'must be a weekday such as sun or sunday (or 일요일), or off' });
  return number ?? null;
});

const EngineEnv = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default('knowledge'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  EMBEDDER: z.enum(['transformers', 'hashing'], { message: 'must be transformers or hashing' }).default('transformers'),
  MODEL_ID: z.string().min(1).default(DEFAULT_TRANSFORMERS_MODEL),
  MODEL_DTYPE: z.enum(['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'], { message: 'must be q8 (default), fp32, fp16, int8, uint8, q4, q4f16 or bnb4' }).default('q8'),
  MODEL_CACHE_DIR: z.string().min(1).default('data/models'),
  /** Where the Korean dictionary is kept inflated (see src/text/dictionary-cache.ts); unset: the project's data/cache. */
  DICTIONARY_CACHE_DIR: z.string().min(1).optional(),
  LOCAL_MODEL_PATH: z.string().min(1).optional(),
  ALLOW_REMOTE_MODELS: booleanFlag.default(true),
  ANALYZER: z.enum(ANALYZER_NAMES, { message: 'must be morph or ngram' }).default('morph'),
  NOTES_BASE_URL: z.url({ message: 'must be a full URL such as https://github.com/group/notes/blob/main/knowledge/' }).optional(),
  MAX_NOTE_BYTES: positiveInt.default(DEFAULT_MAX_FILE_BYTES),
  /** A note the markdown parser has not finished after this many seconds is skipped with a warning (fractions allowed). */
  NOTE_PARSE_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).positive('must be a number of seconds above 0').default(DEFAULT_NOTE_PARSE_TIMEOUT_SECONDS),
  /** Threads for parsing notes and analyzing their chunks during ingest (default min(2, cores); 1 = one thread). */
  INGEST_WORKERS: positiveInt.optional(),
  /** Quiet time after the last save before a watched folder is re-indexed (`npm start`, `ingest --watch`). */
  WATCH_DEBOUNCE_MS: positiveInt.default(1500),
  /** The bot's database; the CLI's `stats` reads it without writing. */
  DATABASE_PATH: z.string().min(1).default('data/bot.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be error, warn, info or debug' }).default('info'),
  /** auto: readable lines in a terminal, JSON lines otherwise; json or pretty to choose. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { message: 'must be auto (default), json or pretty' }).default('auto'),
  /** extractive: quoted answers only; generative: a local model rephrases them, every sentence checked against its citation. */
  ANSWER_MODE: z.enum(['extractive', 'generative'], { message: 'must be extractive (default) or generative' }).default('extractive'),
  /** An OpenAI-compatible API (Ollama, llama.cpp server, vLLM). */
  LLM_BASE_URL: z.url({ message: 'must be a full URL such as http://127.0.0.1:11434/v1 (Ollama)' }).default('http://127.0.0.1:11434/v1'),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  /** The whole answer, first token to last; past it the quoted answer is shown. */
  LLM_TIMEOUT_SECONDS: positiveInt.default(60),
});

/** Generative answers need a model name; checked on the parsed values of either schema. */
function withModelCheck<T extends typeof EngineEnv>(schema: T) {
  return schema.refine((env) => env.ANSWER_MODE !== 'generative' || env.LLM_MODEL !== undefined, {
    path: ['LLM_MODEL'],
    message: 'is needed with ANSWER_MODE=generative: the model name your server serves, e.g. qwen2.5:7b-instruct for Ollama',
  });
}

const BotEnv = EngineEnv.extend({
  DISCORD_TOKEN: z
    .string({ message: 'is missing: copy the bot token from the Discord Developer Portal (your application → Bot → Reset Token) into .env' })
    .min(1, 'is empty: put the bot token from the Discord Developer Portal in .env')
    // Letters, digits, `.`, `_`, `-` only: a space, quote or line break is a copy-paste slip (and would otherwise crash the HTTP client).
    .regex(/^(Bot\s+)?[\w.-]+$/, 'has characters a bot token never contains (a space, quote or line break?): copy it again from the Developer Portal'),
  DISCORD_CLIENT_ID: z.string({ message: 'is missing: copy the Application ID from the Discord Developer Portal (General Information) into .env' }).regex(/^\d{17,20}$/, 'must be the numeric Application ID from the Developer Portal'),
  DISCORD_GUILD_ID: z.string().regex(/^\d{17,20}$/, 'must be a numeric server id (right-click the server → Copy Server ID)').optional(),
  DISCORD_REST_URL: z.url({ message: 'must be a full URL such as http://127.0.0.1:8080/api' }).optional(),
  MESSAGE_CONTENT_INTENT: booleanFlag.default(false),
  /** Asks, searches and mentions per member per window: a busy study session asks a question every few seconds in bursts. */
  RATE_LIMIT_QUESTIONS: positiveInt.default(12),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  DEFAULT_TIMEZONE: timezone.default('Asia/Seoul'),
  /** The weekly digest in the daily channel: weekday and time in each guild's zone; DIGEST_DAY=off for none. */
  DIGEST_DAY: weekday.default(7),
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM such as 20:00').default('20:00'),
  /** Re-index when notes in KNOWLEDGE_DIR change, without waiting for `/reindex`. */
  WATCH_KNOWLEDGE: booleanFlag.default(true),
  /** Notes from a git repository: cloned into NOTES_GIT_DIR, fast-forwarded every NOTES_GIT_INTERVAL_MINUTES and on `/reindex`. */
  NOTES_GIT_URL: z.string().min(1).optional(),
  NOTES_GIT_BRANCH: z.string().regex(/^\w[\w./-]*$/, 'must be a branch name such as main').default('main'),
  NOTES_GIT_INTERVAL_MINUTES: positiveInt.default(15),
  /** The notes' folder inside the repository (default: the whole repository). */
  NOTES_GIT_SUBDIR: z
    .string()
    .refine((dir) => !isAbsolute(dir) && !dir.split(/[\\/]/).includes('..'), { message: 'must be a folder inside the repository, such as docs/notes' })
    .optional(),
  NOTES_GIT_DIR: z.string().min(1).default('data/notes-git'),
});

/** The variables the CLI reads, for `--help`. */
export const ENGINE_VARIABLES = Object.keys(EngineEnv.shape);

export type EngineConfig = z.infer<typeof EngineEnv>;
export type BotConfig = z.infer<typeof BotEnv>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Without arguments: the process environment over `.env` (what every entry point uses); with `env`, exactly `env`;
 * with `dotEnvFile` as well, `env` over that file (the CLI run in-process with its caller's environment).
 */
export function loadEngineConfig(env?: NodeJS.ProcessEnv, dotEnvFile?: string): EngineConfig {
  return parse(withModelCheck(EngineEnv), settings(env, dotEnvFile));
}

export function loadBotConfig(env?: NodeJS.ProcessEnv, dotEnvFile?: string): BotConfig {
  return parse(withModelCheck(BotEnv), settings(env, dotEnvFile));
}

function settings(env: NodeJS.ProcessEnv | undefined, dotEnvFile: string | undefined): Settings {
  if (env === undefined) return environment(process.env, '.env');
  return dotEnvFile === undefined ? { values: present(env), fromFile: new Set() } : environment(env, dotEnvFile);
}

interface Settings {
  values: Record<string, string>;
  /** Variables whose value is the one in `.env`, so a bad one is reported as such. */
  fromFile: ReadonlySet<string>;
}

/** `processEnv` over `file` (`.env` in the working directory): a variable set in the environment wins (`EMBEDDER=hashing npm run ask`). */
function environment(processEnv: NodeJS.ProcessEnv, file: string): Settings {
  const env = present(processEnv);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { values: env, fromFile: new Set() };
    throw new ConfigError(`Configuration error: ${file} cannot be read (${code ?? (error as Error).message}): make it a readable text file of NAME=value lines, or remove it.`);
  }
  const fromDotEnv = present(parseEnv(text));
  const fromFile = new Set(Object.keys(fromDotEnv).filter((name) => env[name] === undefined || env[name] === fromDotEnv[name]));
  return { values: { ...fromDotEnv, ...env }, fromFile };
}

/** Empty values count as unset, the way `.env` files are usually written (`DISCORD_GUILD_ID=`). */
function present(env: NodeJS.Dict<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function parse<T extends z.ZodType>(schema: T, { values, fromFile }: Settings): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `${name}${fromFile.has(name) ? ' in .env' : ''} ${issue.message}`;
  });
  // Values are never echoed: one of them may be the bot token.
  throw new ConfigError(`Configuration error: ${lines.join('; ')}. See .env.example.`);
}

/** The language the terminal speaks to its user: Korean or English. */
export type TerminalLocale = 'ko' | 'en';

/**
 * The terminal's message language, by the POSIX rule: the first of LC_ALL, LC_MESSAGES, LANG that is set
 * decides (`ko_KR.UTF-8`, `ko`: Korean; anything else, `C` included: English). The environment only, not
 * `.env`: the locale belongs to the terminal session, not to the project's settings.
 */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): TerminalLocale {
  const chosen = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return chosen !== undefined && /^ko(?:[_.@-]|$)/iu.test(chosen) ? 'ko' : 'en';
}

/** Where the Korean dictionary is kept inflated, and who hears when it cannot be (`useDictionaryCache`). */
export function dictionaryCache(config: EngineConfig, warn: (message: string) => void): DictionaryCache {
  return { dir: config.DICTIONARY_CACHE_DIR ?? PROJECT_DICTIONARY_CACHE_DIR, warn };
}

/** The embedder that ingest should build with, from the configuration. */
export function embedderSpec(config: EngineConfig, overrides: { embedder?: string; model?: string } = {}): EmbedderSpec {
  const kind = overrides.embedder ?? config.EMBEDDER;
  if (kind === 'hashing') return { kind: 'hashing' };
  return { kind: 'transformers', model: overrides.model ?? config.MODEL_ID, ...transformersSettings(config) };
}

/** What ingest takes from the configuration: the CLI and the bot both start from this (the CLI may pick another embedder). */
export function ingestSettings(config: EngineConfig): Pick<IngestOptions, 'knowledgeDir' | 'indexDir' | 'embedder' | 'analyzer' | 'maxFileBytes' | 'noteParseTimeoutMs' | 'workers'> {
  return {
    knowledgeDir: config.KNOWLEDGE_DIR,
    indexDir: config.INDEX_DIR,
    embedder: embedderSpec(config),
    analyzer: config.ANALYZER,
    maxFileBytes: config.MAX_NOTE_BYTES,
    noteParseTimeoutMs: config.NOTE_PARSE_TIMEOUT_SECONDS * 1000,
    ...(config.INGEST_WORKERS === undefined ? {} : { workers: config.INGEST_WORKERS }),
  };
}

/** Where models come from on this machine (independent of which model an index was built with). */
export function transformersSettings(config: EngineConfig): Omit<Extract<EmbedderSpec, { kind: 'transformers' }>, 'kind' | 'model'> {
  return {
    dtype: config.MODEL_DTYPE,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    cacheDir: config.MODEL_CACHE_DIR,
    ...(config.LOCAL_MODEL_PATH ? { localModelPath: config.LOCAL_MODEL_PATH } : {}),
  };
}

