/**
 * End-to-end proof that the fake Discord in tests/fake-discord works with the
 * real discord.js Client: login, slash commands, autocomplete, buttons,
 * messages and threads, limits, resume, and rate-limit retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Partials,
  PermissionFlagsBits,
  RESTEvents,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  Routes,
  type ChatInputCommandInteraction,
  type ClientEvents,
  type TextChannel,
} from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

/** Resolves with the args of the next `event` that passes `filter` (the timeout only catches a hang). */
function nextEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]): void => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    client.on(event, listener);
  });
}

/** The rejection of `promise` (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DiscordAPIError);
    return error as DiscordAPIError;
  }
  throw new Error('expected the request to be rejected');
}

const COMMANDS = [
  {
    name: 'ask',
    description: 'Ask a question about your Korean notes',
    description_localizations: { ko: '한국어 노트에 대해 질문하기' },
    options: [{ type: 3, name: 'question', description: 'Your question', required: true }],
  },
  {
    name: 'notes',
    description: 'Browse notes',
    options: [
      {
        type: 1,
        name: 'search',
        description: 'Search notes',
        options: [
          { type: 3, name: 'query', description: 'Search text', required: true, autocomplete: true },
          { type: 4, name: 'limit', description: 'How many', min_value: 1, max_value: 10 },
        ],
      },
    ],
  },
];

describe('fake Discord with a real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;

  /** Sends a slash command and returns the handle plus the interaction as discord.js built it. */
  async function slash(
    input: Parameters<FakeDiscord['sendSlashCommand']>[0],
  ): Promise<{ handle: ReturnType<FakeDiscord['sendSlashCommand']>; interaction: ChatInputCommandInteraction }> {
    const arrived = nextEvent(client, Events.InteractionCreate);
    const handle = fake.sendSlashCommand(input);
    const [interaction] = await arrived;
    if (!interaction.isChatInputCommand()) throw new Error(`expected a chat input command, got type ${interaction.type}`);
    expect(interaction.id).toBe(handle.id);
    return { handle, interaction };
  }

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      rest: { api: fake.restApi },
      // What the bot should do: never ping anyone.
      allowedMentions: { parse: [] },
    });
    const ready = nextEvent(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('logs in: clientReady fires and the seeded guild, channels and bot member are cached', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.bot.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.name).toBe(fake.guild.name);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channels.general.id)?.name).toBe('general');
    expect(guild?.members.me?.id).toBe(fake.bot.id);
    const general = guild?.channels.cache.get(fake.channels.general.id) as TextChannel;
    expect(general.permissionsFor(fake.bot.id)?.has(PermissionFlagsBits.SendMessages)).toBe(true);
    const readOnly = guild?.channels.cache.get(fake.channels.readOnly.id) as TextChannel;
    expect(readOnly.permissionsFor(fake.bot.id)?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(fake.gateway.identifies).toBe(1);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    expect(fake.bot.id).toMatch(/^\d{17,19}$/);
  });

  it('registers global and guild commands and echoes them with ids', async () => {
    const global = await client.application!.commands.set(COMMANDS);
    expect([...global.values()].map((c) => c.name).sort()).toEqual(['ask', 'notes']);
    expect(fake.registeredCommands().map((c) => c.id).sort()).toEqual([...global.keys()].sort());
    const again = await client.application!.commands.set(COMMANDS);
    expect([...again.keys()].sort()).toEqual([...global.keys()].sort()); // ids are stable across re-registration
    const guildCommands = await client.application!.commands.set([{ name: 'admin-reload', description: 'Reload notes' }], fake.guild.id);
    expect(guildCommands.first()?.guildId).toBe(fake.guild.id);
    const bad = await rejectionOf(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }]));
    expect(bad.code).toBe(50035);
  });

  it('delivers a slash command with options, user and locale; defer + editReply with an embed is recorded', async () => {
    const { handle, interaction } = await slash({
      name: 'ask',
      options: { question: '은/는 차이가 뭐예요?' },
      user: fake.users.admin,
    });
    expect(interaction.commandName).toBe('ask');
    expect(interaction.commandId).toBe(fake.registeredCommands().find((c) => c.name === 'ask')?.id);
    expect(interaction.options.getString('question', true)).toBe('은/는 차이가 뭐예요?');
    expect(interaction.user.id).toBe(fake.users.admin.id);
    expect(interaction.locale).toBe('ko');
    expect(interaction.guildLocale).toBe('en-US');
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.channelId).toBe(fake.channels.general.id);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true);

    await interaction.deferReply();
    const thinking = await handle.waitForReply((m) => m.loading);
    expect(thinking.flags & MessageFlags.Loading).toBe(MessageFlags.Loading);

    await interaction.editReply({
      embeds: [new EmbedBuilder().setTitle('은 vs 는').setDescription('Both are topic markers.').setFooter({ text: 'notes/particles.md' })],
    });
    const reply = await handle.waitForReply();
    expect(reply.loading).toBe(false);
    expect(reply.edits).toBe(1);
    expect(reply.embeds[0]?.title).toBe('은 vs 는');
    expect(reply.embeds[0]?.footer?.text).toBe('notes/particles.md');
    expect(reply.mentionsDisabled).toBe(true);
    expect(handle.record.response?.type).toBe(5);
    expect(fake.messagesIn(fake.channels.general).some((m) => m.id === reply.id)).toBe(true);
  });

  it('delivers subcommands and integer options for a plain member with locale en-US', async () => {
    const { interaction } = await slash({ name: 'notes', subcommand: 'search', options: { query: '받침', limit: 3 } });
    expect(interaction.options.getSubcommand()).toBe('search');
    expect(interaction.options.getString('query')).toBe('받침');
    expect(interaction.options.getInteger('limit')).toBe(3);
    expect(interaction.user.id).toBe(fake.users.member.id);
    expect(interaction.locale).toBe('en-US');
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    await interaction.reply({ content: 'No notes found.', flags: MessageFlags.Ephemeral });
    const reply = fake.originalResponse(interaction.id);
    expect(reply?.ephemeral).toBe(true);
    expect(fake.messagesIn(fake.channels.general).some((m) => m.id === reply?.id)).toBe(false);
  });

  it('answers autocomplete with respond(); 26 choices is rejected with 50035', async () => {
    const arrived = nextEvent(client, Events.InteractionCreate);
    const handle = fake.sendAutocomplete({ name: 'notes', subcommand: 'search', focused: 'query', value: '조' });
    const [interaction] = await arrived;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'query', value: '조' });
    await interaction.respond([
      { name: '조사 (particles)', value: 'particles' },
      { name: '조건문', value: 'conditionals' },
    ]);
    expect(fake.autocompleteChoices(handle.id)?.map((c) => c.value)).toEqual(['particles', 'conditionals']);

    const arrived2 = nextEvent(client, Events.InteractionCreate);
    const handle2 = fake.sendAutocomplete({ name: 'notes', subcommand: 'search', focused: 'query', value: '' });
    const [second] = await arrived2;
    if (!second.isAutocomplete()) throw new Error('expected autocomplete');
    const tooMany = Array.from({ length: 26 }, (_, i) => ({ name: `note ${i}`, value: `n${i}` }));
    const error = await rejectionOf(second.respond(tooMany));
    expect(error.code).toBe(50035);
    expect(error.status).toBe(400);
    expect(error.message).toContain('data.choices');
    expect(handle2.record.response).toBeNull();
    expect(handle2.record.callbacks[0]?.error?.code).toBe(50035);
    const longName = await rejectionOf(second.respond([{ name: '가'.repeat(101), value: 'x' }]));
    expect(longName.message).toContain('data.choices[0].name');
    await second.respond(tooMany.slice(0, 25)); // rejected attempts do not count as a response
    expect(fake.autocompleteChoices(handle2.id)).toHaveLength(25);
  });

  it('delivers a button click on a reply and update() edits that message', async () => {
    const { handle, interaction } = await slash({ name: 'ask', options: { question: '이/가?' } });
    await interaction.reply({
      content: 'Was this helpful?',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('helpful:yes').setLabel('Yes').setStyle(ButtonStyle.Success),
          new ButtonBuilder().setCustomId('helpful:no').setLabel('No').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
    const reply = await handle.waitForReply();

    const arrived = nextEvent(client, Events.InteractionCreate);
    const click = fake.clickButton({ customId: 'helpful:yes', message: reply, user: fake.users.admin });
    const [button] = await arrived;
    if (!button.isButton()) throw new Error('expected a button interaction');
    expect(button.customId).toBe('helpful:yes');
    expect(button.message.id).toBe(reply.id);
    expect(button.user.id).toBe(fake.users.admin.id);

    await button.update({ content: 'Thanks for the feedback!', components: [] });
    expect(click.record.response?.type).toBe(7);
    const updated = fake.message(reply.id);
    expect(updated?.content).toBe('Thanks for the feedback!');
    expect(updated?.components).toEqual([]);
    expect(updated?.history[0]?.content).toBe('Was this helpful?');
    expect(() => fake.clickButton({ customId: 'helpful:yes', message: reply })).toThrow(/no component/);
  });

  it('handles select menus, showModal() and modal submits', async () => {
    const channel = client.channels.cache.get(fake.channels.general.id) as TextChannel;
    const menu = await channel.send({
      content: 'Pick a level',
      components: [
        new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
          new StringSelectMenuBuilder()
            .setCustomId('level')
            .addOptions({ label: '초급', value: 'beginner' }, { label: '중급', value: 'intermediate' }),
        ),
      ],
    });
    const picked = nextEvent(client, Events.InteractionCreate);
    const select = fake.selectMenu({ customId: 'level', values: ['intermediate'], message: menu.id });
    const [selection] = await picked;
    if (!selection.isStringSelectMenu()) throw new Error('expected a string select');
    expect(selection.values).toEqual(['intermediate']);
    await selection.showModal(
      new ModalBuilder()
        .setCustomId('feedback')
        .setTitle('Feedback')
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder().setCustomId('comment').setLabel('Comment').setStyle(TextInputStyle.Paragraph),
          ),
        ),
    );
    expect(select.record.response?.type).toBe(9);

    const submitted = nextEvent(client, Events.InteractionCreate);
    const submit = fake.submitModal({ from: select, fields: { comment: '좋아요' } });
    const [modal] = await submitted;
    if (!modal.isModalSubmit()) throw new Error('expected a modal submit');
    expect(modal.customId).toBe('feedback');
    expect(modal.fields.getTextInputValue('comment')).toBe('좋아요');
    expect(modal.message?.id).toBe(menu.id);
    await modal.reply({ content: 'Thanks!', flags: MessageFlags.Ephemeral });
    expect((await submit.waitForReply()).ephemeral).toBe(true);
  });

  it('rejects 2001-character content (50035) but accepts a corrected reply afterwards', async () => {
    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'long' } });
    const error = await rejectionOf(interaction.reply({ content: '가'.repeat(2001) }));
    expect(error.code).toBe(50035);
    expect(error.message).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
    await interaction.reply({ content: '가'.repeat(2000) }); // a rejected response is not an acknowledgement
    expect((await handle.waitForReply()).content).toHaveLength(2000);
  });

  it('enforces embed and message limits on channel messages', async () => {
    const channel = client.channels.cache.get(fake.channels.study.id) as TextChannel;
    const codeOf = async (p: Promise<unknown>): Promise<number | string> => (await rejectionOf(p)).code;
    expect(await codeOf(channel.send({ content: 'x'.repeat(2001) }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: [{ title: 't'.repeat(257) }] }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: [{ description: 'd'.repeat(4097) }] }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }))).toBe(50035);
    expect(await codeOf(channel.send({ embeds: [{ footer: { text: 'f'.repeat(2049) } }] }))).toBe(50035);
    const total = await rejectionOf(channel.send({ embeds: [{ description: 'a'.repeat(3500) }, { description: 'b'.repeat(3500) }] }));
    expect(total.message).toContain('MAX_EMBED_SIZE_EXCEEDED');
    expect(await codeOf(channel.send({ content: '   ' }))).toBe(50006);
    const sent = await channel.send({ content: 'ok', embeds: [{ description: 'd'.repeat(4096) }] });
    expect(fake.message(sent.id)?.embeds[0]?.description).toHaveLength(4096);
    expect(fake.outgoing.filter((o) => o.channelId === channel.id && !o.accepted)).toHaveLength(9);
  });

  it('rejects a second response to the same interaction with 40060', async () => {
    const { interaction } = await slash({ name: 'ask', options: { question: 'twice' } });
    await interaction.reply('first');
    // discord.js refuses locally before any request...
    await expect(interaction.reply('second')).rejects.toThrow(/already been sent or deferred/);
    // ...so go around it to see what Discord itself says.
    const error = await rejectionOf(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: 4, data: { content: 'second' } },
        auth: false,
      }),
    );
    expect(error.code).toBe(40060);
    expect(error.status).toBe(400);
  });

  it('rejects a response after the response window with 404 10062, and edits/follow-ups without a response', async () => {
    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'slow' } });
    fake.clock.advance(3001); // the bot being slow (on Discord's clock) is the scenario under test
    const late = await rejectionOf(interaction.deferReply());
    expect(late.code).toBe(10062);
    expect(late.status).toBe(404);
    expect(handle.record.callbacks[0]?.elapsedMs).toBe(3001);

    const edit = await rejectionOf(interaction.webhook.editMessage('@original', { content: 'too late' }));
    expect(edit.code).toBe(10008);
    const followUp = await rejectionOf(interaction.webhook.send({ content: 'too late' }));
    expect(followUp.code).toBe(10015);

    const second = await slash({ name: 'ask', options: { question: 'expired' } });
    fake.expireInteraction(second.interaction.id);
    expect((await rejectionOf(second.interaction.reply('hi'))).code).toBe(10062);
  });

  it('a follow-up after deferring replaces the "thinking" message', async () => {
    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'follow' } });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const first = await interaction.followUp({ content: 'answer' });
    expect(first.id).toBe(handle.reply()?.id);
    expect(handle.reply()?.ephemeral).toBe(true);
    const second = await interaction.followUp({ content: 'more' });
    expect(handle.followUps().map((m) => m.id)).toEqual([second.id]);
    await interaction.editReply({ message: second, content: 'more (edited)' });
    expect(fake.message(second.id)?.content).toBe('more (edited)');
    await interaction.deleteReply();
    expect(handle.reply()?.deleted).toBe(true);
    expect((await rejectionOf(interaction.fetchReply())).code).toBe(10008);
  });

  it('delivers MESSAGE_CREATE with a mention; startThread() and sending in the thread work', async () => {
    const arrived = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot);
    const posted = fake.sendMessage({ content: `<@${fake.bot.id}> 받침이 뭐예요?`, channel: fake.channels.study });
    const [message] = await arrived;
    expect(message.id).toBe(posted.id);
    expect(message.content).toBe(`<@${fake.bot.id}> 받침이 뭐예요?`);
    expect(message.author.id).toBe(fake.users.member.id);
    expect(message.mentions.users.has(fake.bot.id)).toBe(true);
    expect(message.mentions.has(client.user!)).toBe(true);
    expect(message.inGuild()).toBe(true);

    const threadCreated = nextEvent(client, Events.ThreadCreate);
    const thread = await message.startThread({ name: '받침이 뭐예요?' });
    expect(thread.id).toBe(message.id); // a thread started from a message shares its id
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(fake.channels.study.id);
    const [created, newlyCreated] = await threadCreated;
    expect(created.id).toBe(thread.id);
    expect(newlyCreated).toBe(true);

    const echoed = nextEvent(client, Events.MessageCreate, (m) => m.channelId === thread.id);
    const answer = await thread.send({ content: '받침 = final consonant.' });
    const [echo] = await echoed; // Discord also dispatches the bot's own messages
    expect(echo.author.bot).toBe(true);
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['받침 = final consonant.']);
    expect(fake.message(answer.id)?.mentionsDisabled).toBe(true);

    // A user replies inside the thread.
    const inThread = nextEvent(client, Events.MessageCreate, (m) => m.channelId === thread.id && !m.author.bot);
    fake.sendMessage({ content: '고마워요!', channel: thread.id, author: fake.users.admin });
    expect((await inThread)[0].channel.isThread()).toBe(true);

    // discord.js refuses a second thread locally (message.hasThread); Discord says 160004.
    const again = await rejectionOf(
      client.rest.post(Routes.threads(fake.channels.study.id, message.id), { body: { name: 'again' } }),
    );
    expect(again.code).toBe(160004);
  });

  it('refuses threads, sends and deleted channels like Discord', async () => {
    const noThreadsMessage = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot);
    fake.sendMessage({ content: `<@${fake.bot.id}> hi`, channel: fake.channels.noThreads });
    const [message] = await noThreadsMessage;
    expect((await rejectionOf(message.startThread({ name: 'nope' }))).code).toBe(50013);

    const other = nextEvent(client, Events.MessageCreate, (m) => !m.author.bot);
    fake.sendMessage({ content: 'x', channel: fake.channels.general });
    const [plain] = await other;
    expect((await rejectionOf(plain.startThread({ name: 'n'.repeat(101) }))).code).toBe(50035);

    const readOnly = client.channels.cache.get(fake.channels.readOnly.id) as TextChannel;
    expect((await rejectionOf(readOnly.send({ content: 'hi' }))).code).toBe(50013);

    const extra = fake.addTextChannel('scratch');
    const scratch = await nextEventChannel(extra.id);
    await scratch.send({ content: 'before' });
    fake.refuseMessagesIn(extra.id);
    expect((await rejectionOf(scratch.send({ content: 'refused' }))).code).toBe(50013);
    fake.refuseMessagesIn(extra.id, false);
    await scratch.send({ content: 'allowed again' });
    fake.deleteChannel(extra.id);
    const gone = await rejectionOf(client.rest.post(Routes.channelMessages(extra.id), { body: { content: 'after' } }));
    expect(gone.code).toBe(10003);
    expect(gone.status).toBe(404);

    // Interaction replies are webhooks: they work even where the bot may not post.
    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'q' }, channel: fake.channels.readOnly });
    await interaction.reply('allowed');
    expect((await handle.waitForReply()).channelId).toBe(fake.channels.readOnly.id);
  });

  /** Waits until discord.js has cached a channel (after CHANNEL_CREATE). */
  async function nextEventChannel(id: string): Promise<TextChannel> {
    const cached = client.channels.cache.get(id);
    if (cached) return cached as TextChannel;
    const [channel] = await nextEvent(client, Events.ChannelCreate, (c) => c.id === id);
    return channel as TextChannel;
  }

  it('resumes after dropConnection(), replaying what was missed; the next interaction still arrives', async () => {
    const resumed = nextEvent(client, Events.ShardResume);
    const missed = nextEvent(client, Events.InteractionCreate);
    expect(fake.dropConnection()).toBe(1);
    const during = fake.sendSlashCommand({ name: 'ask', options: { question: 'during the outage' } });
    await fake.waitForResume();
    const [, replayed] = await resumed;
    expect(replayed).toBeGreaterThanOrEqual(1);
    const [replayedInteraction] = await missed;
    expect(replayedInteraction.id).toBe(during.id);
    await (replayedInteraction as ChatInputCommandInteraction).reply('answered after resume');

    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'after resume' } });
    await interaction.reply('still working');
    expect((await handle.waitForReply()).content).toBe('still working');
    expect(fake.gateway.identifies).toBe(1);
    expect(fake.gateway.resumes).toBe(1);
    const resumeConnection = fake.gateway.connections.find((c) => c.kind === 'resume');
    expect(resumeConnection?.path).toBe('/resume'); // discord.js used resume_gateway_url
  });

  it('retries a 429 on the callback route and the reply still lands', async () => {
    fake.failNextRequest('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
    const restDebug: string[] = [];
    const onDebug = (line: string): void => void restDebug.push(line);
    client.rest.on(RESTEvents.Debug, onDebug);
    const { handle, interaction } = await slash({ name: 'ask', options: { question: 'rate limited' } });
    await interaction.reply({ content: 'made it' });
    expect((await handle.waitForReply()).content).toBe('made it');
    const attempts = fake.requests.filter((r) => r.path.startsWith(`/interactions/${handle.id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.injected).toBe(true);
    client.rest.off(RESTEvents.Debug, onDebug);
    // discord.js read the Retry-After it was given (and so waited it out, plus its offset, before the retry above).
    const limited = restDebug.find((line) => line.includes('Encountered unexpected 429 rate limit')) ?? '';
    expect(Number(/Retry After\s+: (\d+)ms/u.exec(limited)?.[1])).toBeGreaterThanOrEqual(300);
  });

  it('records mentions: payloads that would ping are flagged', async () => {
    const channel = client.channels.cache.get(fake.channels.general.id) as TextChannel;
    await channel.send({ content: '@everyone new notes!', allowedMentions: { parse: ['everyone'] } });
    const pinging = fake.outgoingWithMentionsEnabled();
    expect(pinging).toHaveLength(1);
    expect(pinging[0]?.pings.everyone).toBe(true);
    await channel.send({ content: `@everyone <@${fake.users.member.id}> quiet` });
    expect(fake.outgoing.at(-1)?.pings).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });
  });

  it('hit no unknown routes', () => {
    expect(fake.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

describe('a second client without MessageContent, with DMs and fast heartbeats', () => {
  it('refuses privileged intents that are not enabled (gateway close 4014) and bad tokens', async () => {
    const fake = await startFakeDiscord({ privilegedIntents: { messageContent: false } });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      rest: { api: fake.restApi },
    });
    const other = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restApi } });
    try {
      await expect(client.login(fake.token)).rejects.toThrow(/disallowed intents/i);
      await expect(other.login('not-the-token')).rejects.toThrow(/invalid token/i);
    } finally {
      await client.destroy();
      await other.destroy();
      await fake.stop();
    }
  });

  it('blanks guild message content unless the bot is mentioned; DMs, heartbeats and DM commands work', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 40 });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel], // DM channels are not cached until used; without this DM messages are dropped
      rest: { api: fake.restApi },
      allowedMentions: { parse: [] },
    });
    try {
      const ready = nextEvent(client, Events.ClientReady);
      await client.login(fake.token);
      await ready;

      const plain = nextEvent(client, Events.MessageCreate);
      fake.sendMessage({ content: 'no mention here' });
      expect((await plain)[0].content).toBe('');
      const mentioned = nextEvent(client, Events.MessageCreate);
      fake.sendMessage({ content: `<@${fake.bot.id}> hello` });
      expect((await mentioned)[0].content).toBe(`<@${fake.bot.id}> hello`);

      const dm = nextEvent(client, Events.MessageCreate);
      const posted = fake.sendMessage({ content: '안녕하세요', dm: true, author: fake.users.admin });
      const [dmMessage] = await dm;
      expect(dmMessage.content).toBe('안녕하세요'); // DMs keep their content without the intent
      expect(dmMessage.channel.isDMBased()).toBe(true);
      await dmMessage.reply({ content: '네, 안녕하세요!' });
      const answer = await fake.waitForMessage((m) => m.channelId === posted.channelId && m.authorId === fake.bot.id);
      expect(answer.raw.message_reference).toMatchObject({ message_id: posted.id });

      const arrived = nextEvent(client, Events.InteractionCreate);
      const handle = fake.sendSlashCommand({ name: 'ask', options: { question: 'x' }, dm: true, user: fake.users.admin });
      const [interaction] = await arrived;
      if (!interaction.isChatInputCommand()) throw new Error('expected a command');
      expect(interaction.guildId).toBeNull();
      expect(interaction.channelId).toBe(posted.channelId);
      expect(interaction.user.id).toBe(fake.users.admin.id);
      expect(interaction.locale).toBe('ko');
      await interaction.reply('DM answer');
      expect((await handle.waitForReply()).content).toBe('DM answer');

      // Every heartbeat (op 1) is acked (op 11) on its connection at once. Whether the client, on a machine
      // too busy to run its 40 ms timer on time, also reconnects is up to discord.js; that it keeps working is not.
      await fake.waitFor(() => fake.gateway.log.filter((e) => e.direction === 'out' && e.op === 11).length >= 3);
      const beats = fake.gateway.log.filter((e) => (e.direction === 'in' && e.op === 1) || (e.direction === 'out' && e.op === 11));
      beats.forEach((beat, i) => {
        if (beat.op === 1) expect(beats[i + 1], `heartbeat ${i} on connection ${beat.connection}`).toMatchObject({ op: 11, connection: beat.connection });
      });
      const after = nextEvent(client, Events.MessageCreate);
      fake.sendMessage({ content: '아직 연결돼 있나요?', dm: true, author: fake.users.admin });
      expect((await after)[0].content).toBe('아직 연결돼 있나요?');
      expect(fake.unknownRequests).toEqual([]);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
