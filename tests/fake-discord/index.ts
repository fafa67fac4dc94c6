export {
  startFakeDiscord,
  FakeDiscord,
  type FakeDiscordOptions,
  type SeedUser,
  type SeedChannel,
  type Ref,
  type SlashCommandInput,
  type AutocompleteInput,
  type ButtonInput,
  type SelectInput,
  type ModalSubmitInput,
  type UserMessageInput,
  type InteractionHandle,
  type FailureOptions,
} from './server.js';
export { FakeClock } from './clock.js';
export type { RequestMatcher } from './http.js';
export { Intent, Op, type GatewaySession, type GatewayConnection } from './gateway.js';
export { Limits, MessageFlagBits } from './validate.js';
export { Permission, ChannelType } from './world.js';
export { ErrorCodes } from './errors.js';
export { snowflakeTime, isSnowflake } from './snowflake.js';
export type * from './types.js';
