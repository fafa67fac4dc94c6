import type { Answer } from '../types.js';

/**
 * The latest answers by question log id, for "출처 전체 보기" (bounded; older ones are forgotten). An answer
 * whose log entry is still waiting for the database gets a provisional id, negative so it never names a
 * logged question.
 */
export class RecentAnswers {
  private readonly answers = new Map<number, Answer>();
  private lastProvisional = 0;

  provisionalId(): number {
    this.lastProvisional -= 1;
    return this.lastProvisional;
  }

  constructor(private readonly capacity = 500) {}

  remember(questionId: number, answer: Answer): void {
    this.answers.set(questionId, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
  }

  get(questionId: number): Answer | undefined {
    return this.answers.get(questionId);
  }
}
