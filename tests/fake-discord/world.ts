/**
 * The fake's model of Discord: users, guilds, roles, members, channels and
 * threads, plus serialisers that turn them into API objects and a permission
 * calculator (roles + channel overwrites, like Discord's).
 */
import { SnowflakeGenerator } from './snowflake.js';
import type { ApiChannel, ApiUser, Snowflake } from './types.js';

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord currently defines (and a few spare). */
export const ALL_PERMISSIONS = (1n << 52n) - 1n;

export const EVERYONE_DEFAULT_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads;

export const BOT_ROLE_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.UseExternalEmojis |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads |
  Permission.UseApplicationCommands;

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

export const THREAD_TYPES: ReadonlySet<number> = new Set([10, 11, 12]);

export interface WorldUser {
  id: Snowflake;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** Client locale sent as `interaction.locale`. */
  locale: string;
}

export interface WorldRole {
  id: Snowflake;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  managed: boolean;
  botId?: Snowflake;
}

export interface WorldMember {
  userId: Snowflake;
  roles: Snowflake[];
  nick: string | null;
  joinedAt: string;
}

export interface Overwrite {
  id: Snowflake;
  /** 0 role, 1 member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface ThreadState {
  ownerId: Snowflake;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  createdAt: string;
  messageCount: number;
  totalMessageSent: number;
  memberIds: Set<Snowflake>;
}

export interface WorldChannel {
  id: Snowflake;
  type: number;
  guildId: Snowflake | null;
  name: string | null;
  position: number;
  parentId: Snowflake | null;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: Snowflake | null;
  deleted: boolean;
  /** DM channels: the other user. */
  recipientId?: Snowflake;
  thread?: ThreadState;
}

export interface WorldGuild {
  id: Snowflake;
  name: string;
  ownerId: Snowflake;
  preferredLocale: string;
  joinedAt: string;
  roles: Map<Snowflake, WorldRole>;
  members: Map<Snowflake, WorldMember>;
  channelIds: Snowflake[];
}

const iso = (ms: number = Date.now()): string => new Date(ms).toISOString();

export class World {
  readonly users = new Map<Snowflake, WorldUser>();
  readonly guilds = new Map<Snowflake, WorldGuild>();
  readonly channels = new Map<Snowflake, WorldChannel>();

  constructor(
    readonly ids: SnowflakeGenerator,
    readonly botUserId: Snowflake,
  ) {}

  // ------------------------------------------------------------ building

  addUser(user: Omit<WorldUser, 'id'> & { id?: Snowflake }): WorldUser {
    const created: WorldUser = { ...user, id: user.id ?? this.ids.next() };
    this.users.set(created.id, created);
    return created;
  }

  addGuild(name: string, ownerId: Snowflake, preferredLocale: string): WorldGuild {
    const id = this.ids.next();
    const guild: WorldGuild = {
      id,
      name,
      ownerId,
      preferredLocale,
      joinedAt: iso(),
      roles: new Map(),
      members: new Map(),
      channelIds: [],
    };
    // The @everyone role shares the guild's id.
    guild.roles.set(id, {
      id,
      name: '@everyone',
      permissions: EVERYONE_DEFAULT_PERMISSIONS,
      position: 0,
      color: 0,
      managed: false,
    });
    this.guilds.set(id, guild);
    return guild;
  }

  addRole(guildId: Snowflake, role: Omit<WorldRole, 'id' | 'position'>): WorldRole {
    const guild = this.guild(guildId);
    const created: WorldRole = { ...role, id: this.ids.next(), position: guild.roles.size };
    guild.roles.set(created.id, created);
    return created;
  }

  addMember(guildId: Snowflake, userId: Snowflake, roles: Snowflake[] = []): WorldMember {
    const member: WorldMember = { userId, roles, nick: null, joinedAt: iso() };
    this.guild(guildId).members.set(userId, member);
    return member;
  }

  addChannel(channel: Omit<WorldChannel, 'id' | 'deleted' | 'lastMessageId'> & { id?: Snowflake }): WorldChannel {
    const created: WorldChannel = { ...channel, id: channel.id ?? this.ids.next(), deleted: false, lastMessageId: null };
    this.channels.set(created.id, created);
    if (created.guildId && !THREAD_TYPES.has(created.type)) this.guild(created.guildId).channelIds.push(created.id);
    return created;
  }

  // ------------------------------------------------------------ lookup

  guild(id: Snowflake): WorldGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`fake-discord: unknown guild ${id}`);
    return guild;
  }

  user(id: Snowflake): WorldUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`fake-discord: unknown user ${id}`);
    return user;
  }

  channel(id: Snowflake): WorldChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`fake-discord: unknown channel ${id}`);
    return channel;
  }

  /** A live (not deleted) channel, or undefined. */
  liveChannel(id: Snowflake): WorldChannel | undefined {
    const channel = this.channels.get(id);
    return channel && !channel.deleted ? channel : undefined;
  }

  threadsOf(guildId: Snowflake): WorldChannel[] {
    return [...this.channels.values()].filter(
      (c) => c.guildId === guildId && THREAD_TYPES.has(c.type) && !c.deleted && !c.thread?.archived,
    );
  }

  dmChannelWith(userId: Snowflake): WorldChannel {
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelType.DM && channel.recipientId === userId) return channel;
    }
    return this.addChannel({
      type: ChannelType.DM,
      guildId: null,
      name: null,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      recipientId: userId,
    });
  }

  // ------------------------------------------------------------ permissions

  /** Guild-level permissions of a member (roles only). */
  basePermissions(guildId: Snowflake, userId: Snowflake): bigint {
    const guild = this.guild(guildId);
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const member = guild.members.get(userId);
    let perms = guild.roles.get(guildId)?.permissions ?? 0n;
    for (const roleId of member?.roles ?? []) perms |= guild.roles.get(roleId)?.permissions ?? 0n;
    return perms & Permission.Administrator ? ALL_PERMISSIONS : perms;
  }

  /** Permissions of a user in a channel, with overwrites applied (threads use their parent's). */
  permissionsIn(channelId: Snowflake, userId: Snowflake): bigint {
    let channel = this.channel(channelId);
    if (channel.guildId === null) return ALL_PERMISSIONS & ~Permission.Administrator;
    if (THREAD_TYPES.has(channel.type) && channel.parentId) channel = this.channel(channel.parentId);
    const guildId = channel.guildId as Snowflake;
    let perms = this.basePermissions(guildId, userId);
    if (perms === ALL_PERMISSIONS) return perms;
    const member = this.guild(guildId).members.get(userId);
    const everyone = channel.overwrites.find((o) => o.id === guildId);
    if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const o of channel.overwrites) {
      if (o.type === 0 && o.id !== guildId && member?.roles.includes(o.id)) {
        allow |= o.allow;
        deny |= o.deny;
      }
    }
    perms = (perms & ~deny) | allow;
    const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId);
    if (own) perms = (perms & ~own.deny) | own.allow;
    return perms;
  }

  // ------------------------------------------------------------ serialisers

  apiUser(userId: Snowflake): ApiUser {
    const user = this.user(userId);
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName,
      discriminator: '0',
      avatar: null,
      ...(user.bot ? { bot: true } : {}),
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
  }

  apiMember(guildId: Snowflake, userId: Snowflake, withUser = true): Record<string, unknown> {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw new Error(`fake-discord: user ${userId} is not a member of guild ${guildId}`);
    return {
      ...(withUser ? { user: this.apiUser(userId) } : {}),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  apiRole(role: WorldRole): Record<string, unknown> {
    return {
      id: role.id,
      name: role.name,
      color: role.color,
      colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managed,
      mentionable: false,
      flags: 0,
      ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
    };
  }

  apiChannel(channelId: Snowflake): ApiChannel {
    const c = this.channel(channelId);
    if (c.type === ChannelType.DM) {
      return {
        id: c.id,
        type: c.type,
        last_message_id: c.lastMessageId,
        flags: 0,
        recipients: c.recipientId ? [this.apiUser(c.recipientId)] : [],
      };
    }
    if (c.thread) {
      const t = c.thread;
      return {
        id: c.id,
        type: c.type,
        guild_id: c.guildId,
        parent_id: c.parentId,
        owner_id: t.ownerId,
        name: c.name,
        last_message_id: c.lastMessageId,
        rate_limit_per_user: 0,
        message_count: t.messageCount,
        member_count: t.memberIds.size,
        total_message_sent: t.totalMessageSent,
        flags: 0,
        thread_metadata: {
          archived: t.archived,
          auto_archive_duration: t.autoArchiveDuration,
          archive_timestamp: t.createdAt,
          locked: t.locked,
          create_timestamp: t.createdAt,
          ...(c.type === ChannelType.PrivateThread ? { invitable: true } : {}),
        },
        ...(t.memberIds.has(this.botUserId)
          ? { member: { id: c.id, user_id: this.botUserId, join_timestamp: t.createdAt, flags: 0 } }
          : {}),
      };
    }
    return {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      position: c.position,
      parent_id: c.parentId,
      permission_overwrites: c.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      flags: 0,
      ...(c.type === ChannelType.GuildCategory
        ? {}
        : {
            topic: c.topic,
            nsfw: false,
            last_message_id: c.lastMessageId,
            rate_limit_per_user: 0,
            default_auto_archive_duration: 1440,
            default_thread_rate_limit_per_user: 0,
          }),
    };
  }

  /** The GUILD_CREATE payload. Without the GuildMembers intent Discord only includes the bot's own member. */
  guildCreatePayload(guildId: Snowflake, allMembers: boolean): Record<string, unknown> {
    const guild = this.guild(guildId);
    const memberIds = allMembers ? [...guild.members.keys()] : [this.botUserId];
    const systemChannel = guild.channelIds.find((id) => this.channels.get(id)?.type === ChannelType.GuildText) ?? null;
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      features: [],
      application_id: null,
      system_channel_id: systemChannel,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      preferred_locale: guild.preferredLocale,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: guild.members.size,
      roles: [...guild.roles.values()].map((r) => this.apiRole(r)),
      emojis: [],
      stickers: [],
      members: memberIds.map((id) => this.apiMember(guildId, id)),
      channels: guild.channelIds.filter((id) => !this.channel(id).deleted).map((id) => this.apiChannel(id)),
      threads: this.threadsOf(guildId).map((t) => this.apiChannel(t.id)),
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      incidents_data: null,
    };
  }
}
