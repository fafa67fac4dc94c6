/**
 * Payload validation with Discord's documented limits. Each validator adds
 * errors to a FormErrors tree; the caller throws a 400/50035 if any were found.
 * Lengths are counted in Unicode code points, as Discord does.
 */
import { FormErrors } from './errors.js';

export const Limits = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
  modalTitle: 45,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  globalChatInputCommands: 100,
} as const;

export const MessageFlagBits = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

export const LOCALES = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl',
  'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
]);

type Path = readonly (string | number)[];

export function length(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maxLength(errs: FormErrors, path: Path, value: unknown, max: number): void {
  if (typeof value === 'string' && length(value) > max) {
    errs.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

function boundedString(errs: FormErrors, path: Path, value: unknown, min: number, max: number, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) errs.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errs.add(path, 'STRING_TYPE_CONVERT', `Could not interpret "${String(value)}" as string.`);
    return;
  }
  const n = length(value);
  if (n < min || n > max) {
    if (min <= 0) errs.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    else errs.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
}

function arrayMax(errs: FormErrors, path: Path, value: unknown, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errs.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (value.length > max) errs.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return value;
}

// ---------------------------------------------------------------- messages

/** Validates the message fields of a create/edit payload (content, embeds, components, allowed_mentions). */
export function validateMessageFields(body: Record<string, unknown>, errs: FormErrors, prefix: Path = []): void {
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') {
      errs.add([...prefix, 'content'], 'STRING_TYPE_CONVERT', 'Could not interpret content as string.');
    } else {
      maxLength(errs, [...prefix, 'content'], body.content, Limits.content);
    }
  }
  validateEmbeds(body.embeds, errs, [...prefix, 'embeds']);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if ((flags & MessageFlagBits.IsComponentsV2) === 0) {
    validateComponents(body.components, errs, [...prefix, 'components']);
  }
  validateAllowedMentions(body.allowed_mentions, errs, [...prefix, 'allowed_mentions']);
}

export function validateEmbeds(value: unknown, errs: FormErrors, path: Path): void {
  const embeds = arrayMax(errs, path, value, Limits.embeds);
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = [...path, i];
    if (!isRecord(embed)) {
      errs.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const count = (v: unknown): number => (typeof v === 'string' ? length(v) : 0);
    maxLength(errs, [...at, 'title'], embed.title, Limits.embedTitle);
    maxLength(errs, [...at, 'description'], embed.description, Limits.embedDescription);
    total += count(embed.title) + count(embed.description);
    const fields = arrayMax(errs, [...at, 'fields'], embed.fields, Limits.embedFields);
    fields.forEach((field, j) => {
      const fat = [...at, 'fields', j];
      if (!isRecord(field)) {
        errs.add(fat, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      boundedString(errs, [...fat, 'name'], field.name, 1, Limits.embedFieldName, true);
      boundedString(errs, [...fat, 'value'], field.value, 1, Limits.embedFieldValue, true);
      total += count(field.name) + count(field.value);
    });
    if (embed.footer !== undefined && embed.footer !== null) {
      const footer = isRecord(embed.footer) ? embed.footer : {};
      boundedString(errs, [...at, 'footer', 'text'], footer.text, 1, Limits.embedFooter, true);
      total += count(footer.text);
    }
    if (embed.author !== undefined && embed.author !== null) {
      const author = isRecord(embed.author) ? embed.author : {};
      boundedString(errs, [...at, 'author', 'name'], author.name, 1, Limits.embedAuthor, true);
      total += count(author.name);
    }
    if (embed.color !== undefined && embed.color !== null) {
      if (typeof embed.color !== 'number' || !Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff) {
        errs.add([...at, 'color'], 'NUMBER_TYPE_MAX', 'int value should be <= 16777215 and >= 0.');
      }
    }
    for (const key of ['url'] as const) {
      const url = embed[key];
      if (typeof url === 'string' && !/^https?:\/\//.test(url)) {
        errs.add([...at, key], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      }
    }
  });
  if (total > Limits.embedTotal) {
    errs.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${Limits.embedTotal}`);
  }
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

export function validateComponents(value: unknown, errs: FormErrors, path: Path): void {
  const rows = arrayMax(errs, path, value, Limits.actionRows);
  const seen = new Set<string>();
  const checkCustomId = (at: Path, id: unknown, required: boolean): void => {
    boundedString(errs, at, id, 1, Limits.customId, required);
    if (typeof id === 'string') {
      if (seen.has(id)) errs.add(at, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seen.add(id);
    }
  };
  rows.forEach((row, i) => {
    const at = [...path, i];
    if (!isRecord(row) || row.type !== 1) {
      errs.add([...at, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = Array.isArray(row.components) ? row.components : [];
    if (children.length === 0) {
      errs.add([...at, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    const hasSelect = children.some((c) => isRecord(c) && SELECT_TYPES.has(c.type as number));
    if (hasSelect && children.length > 1) {
      errs.add([...at, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    } else if (children.length > Limits.rowButtons) {
      errs.add([...at, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    children.forEach((child, j) => {
      const cat = [...at, 'components', j];
      if (!isRecord(child)) return;
      if (child.type === 2) {
        const style = child.style;
        if (style === 5) {
          if (typeof child.url !== 'string') errs.add([...cat, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
          if (child.custom_id !== undefined) {
            errs.add([...cat, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id is not allowed for link buttons');
          }
        } else if (style !== 6) {
          checkCustomId([...cat, 'custom_id'], child.custom_id, true);
        }
        maxLength(errs, [...cat, 'label'], child.label, Limits.buttonLabel);
        if (style !== 6 && child.label === undefined && child.emoji === undefined) {
          errs.add(cat, 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required');
        }
      } else if (SELECT_TYPES.has(child.type as number)) {
        checkCustomId([...cat, 'custom_id'], child.custom_id, true);
        maxLength(errs, [...cat, 'placeholder'], child.placeholder, Limits.selectPlaceholder);
        if (child.type === 3) {
          const options = Array.isArray(child.options) ? child.options : [];
          if (options.length < 1 || options.length > Limits.selectOptions) {
            errs.add([...cat, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${Limits.selectOptions} in length.`);
          }
          options.forEach((option, k) => {
            if (!isRecord(option)) return;
            boundedString(errs, [...cat, 'options', k, 'label'], option.label, 1, 100, true);
            boundedString(errs, [...cat, 'options', k, 'value'], option.value, 1, 100, true);
            maxLength(errs, [...cat, 'options', k, 'description'], option.description, 100);
          });
        }
      } else {
        errs.add([...cat, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
      }
    });
  });
}

export function validateAllowedMentions(value: unknown, errs: FormErrors, path: Path): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    errs.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = Array.isArray(value.parse) ? value.parse : [];
  parse.forEach((p, i) => {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errs.add([...path, 'parse', i], 'BASE_TYPE_CHOICES', 'Value must be one of {"everyone", "roles", "users"}.');
    }
  });
  for (const key of ['users', 'roles'] as const) {
    const list = arrayMax(errs, [...path, key], value[key], 100);
    if (list.length > 0 && parse.includes(key)) {
      errs.add(path, 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
}

/** True when nothing visible would be left: no content, embeds, components, files, stickers or poll. */
export function isEmptyMessage(message: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
}): boolean {
  const nonEmptyArray = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
  return !(
    (typeof message.content === 'string' && message.content.trim() !== '') ||
    nonEmptyArray(message.embeds) ||
    nonEmptyArray(message.components) ||
    nonEmptyArray(message.attachments) ||
    nonEmptyArray(message.sticker_ids) ||
    (message.poll !== undefined && message.poll !== null)
  );
}

// ---------------------------------------------------------------- interactions

export function validateAutocompleteResult(data: unknown, errs: FormErrors, path: Path): void {
  const record = isRecord(data) ? data : {};
  if (record.choices === undefined) {
    errs.add([...path, 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const choices = arrayMax(errs, [...path, 'choices'], record.choices, Limits.autocompleteChoices);
  choices.forEach((choice, i) => {
    const at = [...path, 'choices', i];
    if (!isRecord(choice)) return;
    boundedString(errs, [...at, 'name'], choice.name, 1, Limits.choiceName, true);
    if (typeof choice.value === 'string') {
      maxLength(errs, [...at, 'value'], choice.value, Limits.choiceValue);
    } else if (typeof choice.value !== 'number') {
      errs.add([...at, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    if (isRecord(choice.name_localizations)) {
      for (const [locale, text] of Object.entries(choice.name_localizations)) {
        if (!LOCALES.has(locale)) errs.add([...at, 'name_localizations', locale], 'LOCALE_INVALID', 'Invalid locale');
        else boundedString(errs, [...at, 'name_localizations', locale], text, 1, Limits.choiceName, true);
      }
    }
  });
}

export function validateModal(data: unknown, errs: FormErrors, path: Path): void {
  const record = isRecord(data) ? data : {};
  boundedString(errs, [...path, 'custom_id'], record.custom_id, 1, Limits.customId, true);
  boundedString(errs, [...path, 'title'], record.title, 1, Limits.modalTitle, true);
  const rows = Array.isArray(record.components) ? record.components : [];
  if (rows.length < 1 || rows.length > 5) {
    errs.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
}

// ---------------------------------------------------------------- threads

export function validateThreadCreate(body: Record<string, unknown>, errs: FormErrors): void {
  boundedString(errs, ['name'], body.name, 1, Limits.threadName, true);
  const archive = body.auto_archive_duration;
  if (archive !== undefined && archive !== null && ![60, 1440, 4320, 10080].includes(archive as number)) {
    errs.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
  }
}

// ---------------------------------------------------------------- commands

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(errs: FormErrors, path: Path, name: unknown, lowercase: boolean): void {
  if (typeof name !== 'string') {
    errs.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (!NAME_RE.test(name) || (lowercase && name !== name.toLowerCase())) {
    errs.add(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  }
}

function validateLocalizations(
  errs: FormErrors,
  path: Path,
  value: unknown,
  check: (at: Path, text: unknown) => void,
): void {
  if (!isRecord(value)) return;
  for (const [locale, text] of Object.entries(value)) {
    if (!LOCALES.has(locale)) errs.add([...path, locale], 'LOCALE_INVALID', `Invalid locale "${locale}"`);
    else if (text !== null) check([...path, locale], text);
  }
}

function validateCommandOptions(errs: FormErrors, path: Path, value: unknown, depth: number): void {
  const options = arrayMax(errs, path, value, Limits.commandOptions);
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option, i) => {
    const at = [...path, i];
    if (!isRecord(option)) return;
    validateName(errs, [...at, 'name'], option.name, true);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) {
        errs.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      }
      names.add(option.name);
    }
    boundedString(errs, [...at, 'description'], option.description, 1, Limits.commandDescription, true);
    validateLocalizations(errs, [...at, 'name_localizations'], option.name_localizations, (p, t) =>
      validateName(errs, p, t, true),
    );
    validateLocalizations(errs, [...at, 'description_localizations'], option.description_localizations, (p, t) =>
      boundedString(errs, p, t, 1, Limits.commandDescription, true),
    );
    const type = option.type;
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) {
        errs.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command options cannot be nested here');
      }
      validateCommandOptions(errs, [...at, 'options'], option.options, depth + 1);
      return;
    }
    if (typeof type !== 'number' || type < 3 || type > 11) {
      errs.add([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
    }
    if (option.required === true) {
      if (sawOptional) {
        errs.add(path, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
    } else {
      sawOptional = true;
    }
    if (option.autocomplete === true && Array.isArray(option.choices) && option.choices.length > 0) {
      errs.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be set with choices');
    }
    const choices = arrayMax(errs, [...at, 'choices'], option.choices, Limits.autocompleteChoices);
    choices.forEach((choice, j) => {
      if (!isRecord(choice)) return;
      boundedString(errs, [...at, 'choices', j, 'name'], choice.name, 1, Limits.choiceName, true);
      if (typeof choice.value === 'string') maxLength(errs, [...at, 'choices', j, 'value'], choice.value, Limits.choiceValue);
    });
  });
}

export function validateCommand(command: unknown, errs: FormErrors, path: Path): void {
  if (!isRecord(command)) {
    errs.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = command.type ?? 1;
  validateName(errs, [...path, 'name'], command.name, type === 1);
  if (type === 1) {
    boundedString(errs, [...path, 'description'], command.description, 1, Limits.commandDescription, true);
  } else if (command.description !== undefined && command.description !== '') {
    errs.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_INVALID', 'Context menu commands cannot have a description');
  }
  validateLocalizations(errs, [...path, 'name_localizations'], command.name_localizations, (p, t) =>
    validateName(errs, p, t, type === 1),
  );
  validateLocalizations(errs, [...path, 'description_localizations'], command.description_localizations, (p, t) =>
    boundedString(errs, p, t, 1, Limits.commandDescription, true),
  );
  validateCommandOptions(errs, [...path, 'options'], command.options, 0);
}

export function validateCommandList(commands: unknown, errs: FormErrors): void {
  if (!Array.isArray(commands)) {
    errs.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const names = new Set<string>();
  let chatInput = 0;
  commands.forEach((command, i) => {
    validateCommand(command, errs, [i]);
    if (!isRecord(command)) return;
    const key = `${String(command.type ?? 1)}:${String(command.name)}`;
    if (names.has(key)) errs.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    names.add(key);
    if ((command.type ?? 1) === 1) chatInput += 1;
  });
  if (chatInput > Limits.globalChatInputCommands) {
    errs.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${Limits.globalChatInputCommands} or fewer in length.`);
  }
}
