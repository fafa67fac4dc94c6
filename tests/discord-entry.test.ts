/**
 * The command-line entries as users run them: `npm start` (src/bot.ts) and `npm run register`
 * (src/discord/register.ts), in child processes pointed at the fake Discord with DISCORD_REST_URL.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from './fake-discord/index.js';
import { closeFakeDiscordDir, fakeDiscordEnv, openFakeDiscordDir } from './helpers/fake-discord-dir.js';
import { childEnv, ROOT, startChild, type Child } from './helpers/cli.js';
import { copyFixtureKnowledge } from './helpers/knowledge.js';

let dir: string;
let fake: FakeDiscord;

beforeAll(async () => {
  ({ dir, fake } = await openFakeDiscordDir('discord-entry-'));
});
afterAll(() => closeFakeDiscordDir({ dir, fake }));

/** Runs a script from a clean environment (only what is given), in the temp folder, so no `.env` is read. */
function run(script: string, env: Record<string, string>): Child {
  return startChild([path.join(ROOT, script)], { cwd: dir, env: childEnv(dir, env) });
}

function discordEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...fakeDiscordEnv(fake), ...extra };
}

describe('npm start', () => {
  it('without a token prints one line saying what to set and where to get it, and exits with 2', async () => {
    const started = run('src/bot.ts', { DISCORD_CLIENT_ID: fake.applicationId });
    expect((await started.exited).code).toBe(2);
    const lines = started.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DISCORD_TOKEN is missing');
    expect(lines[0]).toContain('Discord Developer Portal');
  });

  it('never prints the token, even when something else is wrong', async () => {
    const started = run('src/bot.ts', { DISCORD_TOKEN: 'super-secret-token-value', DISCORD_CLIENT_ID: 'not-a-number' });
    expect((await started.exited).code).toBe(2);
    expect(started.stderr()).toContain('DISCORD_CLIENT_ID');
    expect(started.stderr() + started.stdout()).not.toContain('super-secret-token-value');
  });

  it('when Discord cannot be reached prints one line saying so, no stack, and exits with 2', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const bot = run(
      'src/bot.ts',
      discordEnv({
        DISCORD_REST_URL: `http://127.0.0.1:${closedPort}/api`,
        KNOWLEDGE_DIR: copyFixtureKnowledge(path.join(dir, 'knowledge-unreachable')),
        INDEX_DIR: path.join(dir, 'index-unreachable'),
        EMBEDDER: 'hashing',
        DATABASE_PATH: path.join(dir, 'unreachable.sqlite'),
      }),
    );
    expect((await bot.exited).code).toBe(2);
    const last = bot.stderr().trim().split('\n').at(-1);
    expect(last).toBe(`Cannot reach Discord (connect ECONNREFUSED 127.0.0.1:${closedPort}): check this machine's network connection (and DISCORD_REST_URL, if set), then start again.`);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
    expect(bot.stderr()).not.toContain(fake.token);
  });

  it('builds the missing index, logs in through DISCORD_REST_URL, logs ready, answers, and stops on SIGTERM', async () => {
    const bot = run(
      'src/bot.ts',
      discordEnv({
        KNOWLEDGE_DIR: copyFixtureKnowledge(path.join(dir, 'knowledge')),
        INDEX_DIR: path.join(dir, 'index'),
        EMBEDDER: 'hashing',
        DATABASE_PATH: path.join(dir, 'bot.sqlite'),
      }),
    );
    try {
      await bot.waitForOutput('ready: 1 notes, 12 chunks, embedder hashing, guilds 1');
      expect(bot.stderr()).toContain('no usable index yet: building it first');
      // Without MESSAGE_CONTENT_INTENT only the Guilds intent is requested.
      expect((await fake.waitForSession()).intents).toBe(1);
      const reply = await fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply();
      expect(reply.embeds[0]?.description).toContain('[1]');
      expect(fake.outgoingWithMentionsEnabled()).toEqual([]);
    } finally {
      bot.process.kill('SIGTERM');
    }
    expect((await bot.exited).code).toBe(0);
    expect(bot.stderr()).toContain('"msg":"stopped"');
    expect(bot.stderr()).not.toContain(fake.token);
  });
});

describe('npm run register', () => {
  const ALL = ['ask', 'concept', 'daily', 'export-member', 'forget-me', 'gaps', 'help', 'leaderboard', 'reindex', 'review', 'search', 'stats', 'streak'];

  it('registers every command in the guild when DISCORD_GUILD_ID is set', async () => {
    const registered = run('src/discord/register.ts', discordEnv({ DISCORD_GUILD_ID: fake.guild.id }));
    expect((await registered.exited).code).toBe(0);
    expect(registered.stdout()).toContain(`Registered ${ALL.length} commands in server ${fake.guild.id}`);
    expect(fake.registeredCommands(fake.guild.id).map((c) => c.name).sort()).toEqual(ALL);
  });

  it('registers them globally otherwise', async () => {
    const registered = run('src/discord/register.ts', discordEnv());
    expect((await registered.exited).code).toBe(0);
    expect(registered.stdout()).toContain(`Registered ${ALL.length} global commands`);
    expect(fake.registeredCommands().map((c) => c.name).sort()).toEqual(ALL);
  });

  it('says so in one line when Discord rejects the token', async () => {
    const registered = run('src/discord/register.ts', discordEnv({ DISCORD_TOKEN: 'wrong-token' }));
    expect((await registered.exited).code).toBe(2);
    expect(registered.stderr().trim()).toBe(
      'Discord rejected DISCORD_TOKEN: copy a fresh token from the Discord Developer Portal (your application → Bot → Reset Token) into .env.',
    );
  });
});
