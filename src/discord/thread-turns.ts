import type { Turn } from '../generate/prompt.js';

/**
 * The last questions and answers of each thread the bot answers in, so a follow-up ("그럼 VM은?") can be
 * read with what it refers to. In memory and bounded: after a restart a thread starts afresh.
 */
export class ThreadTurns {
  private readonly threads = new Map<string, Turn[]>();

  constructor(
    private readonly perThread = 3,
    private readonly capacity = 500,
  ) {}

  get(threadId: string): Turn[] {
    return this.threads.get(threadId) ?? [];
  }

  add(threadId: string, turn: Turn): void {
    const turns = [...this.get(threadId), turn].slice(-this.perThread);
    // Re-inserted: the map's order is least recently answered first, which is what is forgotten.
    this.threads.delete(threadId);
    this.threads.set(threadId, turns);
    if (this.threads.size > this.capacity) this.threads.delete(this.threads.keys().next().value!);
  }
}
