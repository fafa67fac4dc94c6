/**
 * Mention handling: what an outgoing payload would ping, and which ids a
 * message's content mentions.
 */
import type { AllowedMentions, Pings } from './types.js';

const USER_RE = /<@!?(\d{17,20})>/g;
const ROLE_RE = /<@&(\d{17,20})>/g;
const EVERYONE_RE = /@(everyone|here)\b/;

export function mentionedUserIds(content: string): string[] {
  return [...new Set([...content.matchAll(USER_RE)].map((m) => m[1] ?? ''))].filter(Boolean);
}

export function mentionedRoleIds(content: string): string[] {
  return [...new Set([...content.matchAll(ROLE_RE)].map((m) => m[1] ?? ''))].filter(Boolean);
}

export function mentionsEveryone(content: string): boolean {
  return EVERYONE_RE.test(content);
}

function asAllowed(value: unknown): AllowedMentions | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AllowedMentions) : null;
}

/** `allowed_mentions` is present and allows no one to be pinged (e.g. `{ parse: [] }`). */
export function allowsNoMentions(allowedMentions: unknown): boolean {
  const allowed = asAllowed(allowedMentions);
  if (!allowed) return false;
  const parse = allowed.parse ?? [];
  return (
    !parse.some((p) => p === 'users' || p === 'roles' || p === 'everyone') &&
    (allowed.users ?? []).length === 0 &&
    (allowed.roles ?? []).length === 0 &&
    allowed.replied_user !== true
  );
}

/**
 * Who a message payload would notify. Without `allowed_mentions` Discord pings
 * everything mentioned in the content (and the replied-to user of a reply).
 */
export function computePings(body: Record<string, unknown>, isReply: boolean): Pings {
  const content = typeof body.content === 'string' ? body.content : '';
  const users = mentionedUserIds(content);
  const roles = mentionedRoleIds(content);
  const everyone = mentionsEveryone(content);
  const allowed = asAllowed(body.allowed_mentions);
  if (!allowed) return { everyone, users, roles, repliedUser: isReply };
  const parse = allowed.parse ?? [];
  return {
    everyone: everyone && parse.includes('everyone'),
    users: parse.includes('users') ? users : users.filter((id) => (allowed.users ?? []).includes(id)),
    roles: parse.includes('roles') ? roles : roles.filter((id) => (allowed.roles ?? []).includes(id)),
    repliedUser: isReply && allowed.replied_user === true,
  };
}

export function pingsNobody(pings: Pings): boolean {
  return !pings.everyone && pings.users.length === 0 && pings.roles.length === 0 && !pings.repliedUser;
}
