/**
 * Shapes used by the fake Discord. API objects are deliberately loose (the fake
 * echoes whatever the bot sent, after validating it) but name the fields tests
 * usually read.
 */

export type Snowflake = string;

export interface ApiUser {
  id: Snowflake;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
  flags: number;
  [key: string]: unknown;
}

export interface ApiEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ApiEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  fields?: ApiEmbedField[];
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  [key: string]: unknown;
}

export interface ApiComponent {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  url?: string;
  disabled?: boolean;
  placeholder?: string;
  components?: ApiComponent[];
  options?: { label: string; value: string; description?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface ApiAttachment {
  id: Snowflake;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  [key: string]: unknown;
}

export interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface ApiMessage {
  id: Snowflake;
  channel_id: Snowflake;
  guild_id?: Snowflake;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: Snowflake[];
  attachments: ApiAttachment[];
  embeds: ApiEmbed[];
  components: ApiComponent[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: Snowflake;
  application_id?: Snowflake;
  [key: string]: unknown;
}

/** A channel as the fake serialises it (guild text, category, thread or DM). */
export type ApiChannel = { id: Snowflake; type: number; [key: string]: unknown };

/** An option as it appears in `interaction.data.options`. */
export interface ApiInteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ApiInteractionOption[];
}

export type ApiInteraction = {
  id: Snowflake;
  type: number;
  token: string;
  application_id: Snowflake;
  [key: string]: unknown;
};

/** A registered application command as the fake stores it. */
export interface ApiCommand {
  id: Snowflake;
  application_id: Snowflake;
  guild_id?: Snowflake;
  name: string;
  description: string;
  type: number;
  options?: ApiCommandOption[];
  version: Snowflake;
  [key: string]: unknown;
}

export interface ApiCommandOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number; [key: string]: unknown }[];
  options?: ApiCommandOption[];
  [key: string]: unknown;
}

// ---------------------------------------------------------------- records

export interface FileRecord {
  field: string;
  filename: string;
  size: number;
  contentType: string;
  /** The file's bytes as UTF-8 text (what tests read of an attachment the bot sent). */
  text: string;
}

export interface RestRequestRecord {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  method: string;
  /** Path below `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** Matched route pattern, e.g. `/channels/:channelId/messages`; null when unknown. */
  route: string | null;
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body). */
  body: unknown;
  files: FileRecord[];
  /** Whether a valid `Authorization: Bot <token>` header came with it. */
  authorized: boolean;
  /** Unix ms when it arrived. */
  time: number;
  status: number;
  response: unknown;
  /** Set when a failure was injected with `failNextRequest`. */
  injected: boolean;
}

export interface CallbackRecord {
  interactionId: Snowflake;
  /** Callback type the bot asked for (4 reply, 5 defer, 6 defer update, 7 update, 8 autocomplete, 9 modal). */
  type: number;
  data: unknown;
  /** On `fake.clock`, like `elapsedMs`. */
  receivedAt: number;
  /** Milliseconds on `fake.clock` between the fake creating the interaction and this callback arriving. */
  elapsedMs: number;
  status: number;
  accepted: boolean;
  error: { code: number; message: string } | null;
}

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export interface InteractionRecord {
  id: Snowflake;
  token: string;
  kind: InteractionKind;
  payload: ApiInteraction;
  /** On `fake.clock` (moved back by `delayInteraction`). */
  createdAt: number;
  responseWindowMs: number;
  /** Every callback attempt, accepted or not. */
  callbacks: CallbackRecord[];
  /** The accepted initial response, once made. */
  response: CallbackRecord | null;
  /** Message id of `@original` (the reply, the deferred message, or the component's message). */
  originalMessageId: Snowflake | null;
  followUpIds: Snowflake[];
  /** Modal shown with callback type 9, if any. */
  modal: Record<string, unknown> | null;
  /** Components and modals from a message: the message the component was on. */
  sourceMessageId: Snowflake | null;
}

export type MessageSource =
  | 'channel' // bot: POST /channels/:id/messages
  | 'interaction' // bot: interaction reply / deferred reply
  | 'follow-up' // bot: webhook follow-up
  | 'user'; // a simulated user via sendMessage()

export interface StoredMessage {
  readonly id: Snowflake;
  readonly channelId: Snowflake;
  readonly guildId: Snowflake | null;
  readonly source: MessageSource;
  readonly interactionId: Snowflake | null;
  readonly authorId: Snowflake;
  /** Current state (after edits). */
  content: string;
  embeds: ApiEmbed[];
  components: ApiComponent[];
  attachments: ApiAttachment[];
  flags: number;
  ephemeral: boolean;
  /** A deferred reply still showing "thinking…" (flag 128). */
  loading: boolean;
  deleted: boolean;
  /** Number of accepted edits. */
  edits: number;
  /** Whether the most recent payload for this message pinged nobody. */
  mentionsDisabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Current full API object. */
  raw: ApiMessage;
  /** Earlier versions, oldest first. */
  history: ApiMessage[];
}

export interface Pings {
  everyone: boolean;
  users: Snowflake[];
  roles: Snowflake[];
  repliedUser: boolean;
}

/** One message payload the bot sent (create or edit) with what it would ping. */
export interface OutgoingRecord {
  kind: 'create' | 'edit';
  route: string;
  messageId: Snowflake | null;
  channelId: Snowflake | null;
  interactionId: Snowflake | null;
  body: Record<string, unknown>;
  accepted: boolean;
  /** `allowed_mentions` is present and allows nothing (e.g. `{ parse: [] }`). */
  mentionsDisabled: boolean;
  /** What this payload would actually notify, given its content and allowed_mentions. */
  pings: Pings;
  time: number;
}

export interface GatewayLogEntry {
  direction: 'in' | 'out';
  connection: number;
  op: number;
  t: string | null;
  s: number | null;
  time: number;
}
