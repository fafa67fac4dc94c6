import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.js';

/** A temp folder and a fake Discord for a test file whose bots run as child processes. */
export interface FakeDiscordDir {
  dir: string;
  fake: FakeDiscord;
}

export async function openFakeDiscordDir(prefix: string): Promise<FakeDiscordDir> {
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), fake: await startFakeDiscord() };
}

/** Stops the fake and removes the folder; safe when opening failed half-way. */
export async function closeFakeDiscordDir(opened: Partial<FakeDiscordDir>): Promise<void> {
  await opened.fake?.stop();
  if (opened.dir) fs.rmSync(opened.dir, { recursive: true, force: true });
}

/** The variables that point a bot or `npm run register` child process at the fake Discord. */
export function fakeDiscordEnv(fake: FakeDiscord): Record<string, string> {
  return { DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_REST_URL: fake.restApi };
}
