/**
 * Discord-style JSON errors. A thrown ApiError becomes the HTTP response.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

export const ErrorCodes = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownUser: 10013,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  UnknownApplicationCommand: 10063,
  CannotSendEmptyMessage: 50006,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  InteractionAlreadyAcknowledged: 40060,
  ThreadAlreadyCreatedForMessage: 160004,
} as const;

export const apiError = {
  notFound: (): ApiError => new ApiError(404, { message: '404: Not Found', code: ErrorCodes.General }),
  methodNotAllowed: (): ApiError =>
    new ApiError(405, { message: '405: Method Not Allowed', code: ErrorCodes.General }),
  unauthorized: (): ApiError => new ApiError(401, { message: '401: Unauthorized', code: ErrorCodes.General }),
  unknownChannel: (): ApiError => new ApiError(404, { message: 'Unknown Channel', code: ErrorCodes.UnknownChannel }),
  unknownGuild: (): ApiError => new ApiError(404, { message: 'Unknown Guild', code: ErrorCodes.UnknownGuild }),
  unknownMember: (): ApiError => new ApiError(404, { message: 'Unknown Member', code: ErrorCodes.UnknownMember }),
  unknownMessage: (): ApiError => new ApiError(404, { message: 'Unknown Message', code: ErrorCodes.UnknownMessage }),
  unknownUser: (): ApiError => new ApiError(404, { message: 'Unknown User', code: ErrorCodes.UnknownUser }),
  unknownWebhook: (): ApiError => new ApiError(404, { message: 'Unknown Webhook', code: ErrorCodes.UnknownWebhook }),
  unknownCommand: (): ApiError =>
    new ApiError(404, { message: 'Unknown application command', code: ErrorCodes.UnknownApplicationCommand }),
  unknownInteraction: (): ApiError =>
    new ApiError(404, { message: 'Unknown interaction', code: ErrorCodes.UnknownInteraction }),
  alreadyAcknowledged: (): ApiError =>
    new ApiError(400, {
      message: 'Interaction has already been acknowledged.',
      code: ErrorCodes.InteractionAlreadyAcknowledged,
    }),
  invalidWebhookToken: (): ApiError =>
    new ApiError(401, { message: 'Invalid Webhook Token', code: ErrorCodes.InvalidWebhookToken }),
  emptyMessage: (): ApiError =>
    new ApiError(400, { message: 'Cannot send an empty message', code: ErrorCodes.CannotSendEmptyMessage }),
  missingPermissions: (): ApiError =>
    new ApiError(403, { message: 'Missing Permissions', code: ErrorCodes.MissingPermissions }),
  missingAccess: (): ApiError => new ApiError(403, { message: 'Missing Access', code: ErrorCodes.MissingAccess }),
  threadAlreadyCreated: (): ApiError =>
    new ApiError(400, {
      message: 'A thread has already been created for this message',
      code: ErrorCodes.ThreadAlreadyCreatedForMessage,
    }),
};

interface ErrorItem {
  code: string;
  message: string;
}

type ErrorNode = { _errors?: ErrorItem[]; [key: string]: ErrorNode | ErrorItem[] | undefined };

/**
 * Collects field errors into Discord's nested `errors` object, e.g.
 * `{ data: { embeds: { 0: { title: { _errors: [{ code, message }] } } } } }`.
 */
export class FormErrors {
  readonly #root: ErrorNode = {};
  #count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.#root;
    for (const key of path) {
      const k = String(key);
      let child = node[k];
      if (child === undefined || Array.isArray(child)) {
        child = {};
        node[k] = child;
      }
      node = child;
    }
    (node._errors ??= []).push({ code, message });
    this.#count += 1;
  }

  get empty(): boolean {
    return this.#count === 0;
  }

  toJSON(): ErrorNode {
    return this.#root;
  }

  /** Throws a 400 Invalid Form Body if any error was added. */
  throwIfAny(): void {
    if (!this.empty) {
      throw new ApiError(400, { message: 'Invalid Form Body', code: ErrorCodes.InvalidFormBody, errors: this.#root });
    }
  }
}
