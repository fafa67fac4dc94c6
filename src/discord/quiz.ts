import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction, type Client } from 'discord.js';
import { CHOICE_LETTERS, quizAnswer, quizSentence, recordQuizMeeting, type DailyQuiz, type PostedQuiz, type Timers } from '../daily/index.js';
import type { Logger } from '../log/logger.js';
import type { QuizAttempt, QuizTally, Store } from '../store/index.js';
import type { BotContext } from './context.js';
import { localeOf, messages, type Locale, type Messages } from './i18n.js';
import { inert, NO_MENTIONS, truncate } from './limits.js';
import { sourceText, urlOf, type RenderOptions, type Reply } from './render.js';
import { replyPrivately } from './respond.js';
import { memberStreak, zoneOf } from './review.js';

/**
 * The daily quiz on Discord: the public post (question and buttons only — no summary, key terms,
 * source or answer), a member's private feedback when they click, and the post's participation line,
 * edited at most once per `QuizBoard` interval.
 */

/** `quiz:<quiz id>:<option 0-3 | reveal>`. */
export const QUIZ_BUTTON = /^quiz:(\d+):([0-3]|reveal)$/u;

const COLORS = { quiz: 0x9b51e0, right: 0x27ae60, wrong: 0xeb5757, reveal: 0x2f80ed } as const;
const PROMPT_MAX = 1500;

export function renderQuizPost(posted: PostedQuiz, tally: QuizTally, options: RenderOptions): Reply {
  const m = messages(options.locale);
  const { quiz } = posted;
  const q = quiz.question;
  const topic = quiz.noteTitle ? truncate(inert(quiz.noteTitle), 200) : null;
  const body =
    q.kind === 'choice'
      ? [m.quizIntroChoice(topic), '', quote(q.prompt), '', ...q.options.map((option, i) => `**${CHOICE_LETTERS[i]}.** ${truncate(inert(option), 200)}`)]
      : [m.quizIntroCloze(topic), '', q.kind === 'cloze' ? quote(q.prompt) : recallText(m, q.topic)];
  const percent = q.kind === 'choice' && tally.graded > 0 ? Math.round((100 * tally.correct) / tally.graded) : null;
  const buttons =
    q.kind === 'choice'
      ? q.options.map((_, i) => new ButtonBuilder().setCustomId(`quiz:${posted.id}:${i}`).setStyle(ButtonStyle.Secondary).setLabel(CHOICE_LETTERS[i]!))
      : [new ButtonBuilder().setCustomId(`quiz:${posted.id}:reveal`).setStyle(ButtonStyle.Primary).setLabel(m.quizReveal)];
  return {
    embeds: [{ title: m.quizTitle, color: COLORS.quiz, description: body.join('\n'), footer: { text: m.quizTally(tally.participants, percent) } }],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)],
    allowedMentions: NO_MENTIONS,
  };
}

/** What the member who clicked sees: right or wrong (or the answer), the sentence it comes from, and its source. */
export function renderQuizFeedback(quiz: DailyQuiz, attempt: QuizAttempt, note: { first: boolean; streakDays: number }, options: RenderOptions): Reply {
  const m = messages(options.locale);
  const q = quiz.question;
  const answer = inert(quizAnswer(q));
  const option = (i: number) => `${CHOICE_LETTERS[i]}. ${inert(q.kind === 'choice' ? q.options[i]! : '')}`;
  const verdict =
    q.kind !== 'choice' || attempt.choice === null
      ? m.quizAnswer(answer)
      : attempt.correct
        ? m.quizCorrect(option(q.answer))
        : m.quizWrong(option(attempt.choice), option(q.answer));
  const url = urlOf(options, quiz.source.file, quiz.source.lines);
  const lines = [verdict, '', quote(quizSentence(q)), sourceText({ ...quiz.source, url }), '', note.first ? m.quizToReview : m.quizAlready, m.streak(note.streakDays)];
  const color = attempt.correct === null ? COLORS.reveal : attempt.correct ? COLORS.right : COLORS.wrong;
  return { embeds: [{ color, description: lines.join('\n') }], allowedMentions: NO_MENTIONS };
}

/** A quiz button: records the member's first answer, makes the concept a review card, and answers privately. */
export async function handleQuizButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const match = QUIZ_BUTTON.exec(interaction.customId);
  if (!match) throw new Error(`unknown button ${interaction.customId}`);
  const locale = localeOf(interaction.locale);
  const stored = context.store.quizzes.get(Number(match[1]));
  const q = stored?.quiz.question;
  const choice = match[2] === 'reveal' ? null : Number(match[2]);
  if (!stored || !q || (choice !== null && (q.kind !== 'choice' || choice >= q.options.length))) {
    await replyPrivately(interaction, messages(locale).quizGone);
    return;
  }
  const correct = choice === null || q.kind !== 'choice' ? null : choice === q.answer;
  const { attempt, first } = context.store.quizzes.answer({ quizId: stored.id, userId: interaction.user.id, choice, correct });
  if (first) {
    recordQuizMeeting(context.store, {
      userId: interaction.user.id,
      quiz: stored.quiz,
      correct: attempt.correct,
      now: context.now(),
      zone: zoneOf(context, stored.guildId),
      guildId: stored.guildId,
    });
    context.quizBoard.changed(stored.id);
  }
  const streakDays = memberStreak(context, interaction.user.id, stored.guildId);
  await interaction.reply({
    ...renderQuizFeedback(stored.quiz, attempt, { first, streakDays }, { locale, notesBaseUrl: context.notesBaseUrl }),
    flags: MessageFlags.Ephemeral,
  });
}

/**
 * Keeps each quiz post's "오늘 N명 참여 · 정답률 M%" line current without editing on every click: the
 * first change edits at once, later ones within `intervalMs` of the last edit are folded into one edit
 * at the end of the interval (which reads the tally as it is then). Edits of one post never overlap.
 */
export class QuizBoard {
  private readonly lastEdit = new Map<number, number>();
  private readonly planned = new Map<number, unknown>();
  private readonly chains = new Map<number, Promise<void>>();

  constructor(
    private readonly edit: (quizId: number) => Promise<void>,
    private readonly now: () => Date,
    private readonly timers: Timers,
    private readonly logger: Logger,
    readonly intervalMs = 5000,
  ) {}

  /** A member answered quiz `quizId`. */
  changed(quizId: number): void {
    if (this.planned.has(quizId)) return;
    const wait = (this.lastEdit.get(quizId) ?? -Infinity) + this.intervalMs - this.now().getTime();
    if (wait <= 0) {
      this.run(quizId);
      return;
    }
    this.planned.set(
      quizId,
      this.timers.setTimeout(() => {
        this.planned.delete(quizId);
        this.run(quizId);
      }, wait),
    );
  }

  /** Makes every planned edit now and waits for all edits in progress (on shutdown, so no count is left stale). */
  async flush(): Promise<void> {
    for (const [quizId, timer] of this.planned) {
      this.timers.clearTimeout(timer);
      this.planned.delete(quizId);
      this.run(quizId);
    }
    await Promise.all(this.chains.values());
  }

  private run(quizId: number): void {
    this.lastEdit.set(quizId, this.now().getTime());
    const chain = (this.chains.get(quizId) ?? Promise.resolve())
      .then(() => this.edit(quizId))
      .catch((error: unknown) => this.logger.warn({ quizId, error: error instanceof Error ? error.message : String(error) }, 'quiz: could not update the tally'));
    this.chains.set(quizId, chain);
    void chain.finally(() => {
      if (this.chains.get(quizId) === chain) this.chains.delete(quizId);
    });
  }
}

/** Edits a quiz post with the current tally (the edit function of the bot's `QuizBoard`). */
export function quizPostEditor(client: Client, options: { store: Store; notesBaseUrl: string | undefined }): (quizId: number) => Promise<void> {
  return async (quizId) => {
    const stored = options.store.quizzes.get(quizId);
    if (!stored?.messageId) return;
    const channel = await client.channels.fetch(stored.channelId);
    if (!channel?.isTextBased()) return;
    const locale: Locale = localeOf(options.store.settings.get(stored.guildId)?.locale);
    await channel.messages.edit(
      stored.messageId,
      renderQuizPost({ id: stored.id, quiz: stored.quiz }, options.store.quizzes.tally(quizId), { locale, notesBaseUrl: options.notesBaseUrl }),
    );
  };
}

/** A recall question: a heading that is itself a question is asked as it stands ("…설명해주세요.을(를) 설명해 보세요" reads badly). */
export function recallText(m: Messages, topic: string): string {
  const shown = truncate(inert(topic), 500);
  return /(?:\?|요\.?|까\.?)$/u.test(topic.trim()) ? m.recallQuestion(shown) : m.recallPrompt(shown);
}

function quote(text: string): string {
  return `> ${truncate(inert(text.replace(/\s+/gu, ' ')), PROMPT_MAX)}`;
}
