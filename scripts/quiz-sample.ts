/**
 * Prints N daily quizzes made from a knowledge folder, as the public post shows them (the embed's text), then
 * what only a member who clicks sees: the answer and the cited lines of the note. For reading quiz quality by
 * hand (issue 12's "of 50 generated quizzes, how many a member would find fair"). Deterministic: the sections
 * are a seeded shuffle of the eligible ones (the rotation's round-2 order), each quiz seeded by its number.
 * The index is built (hashing embedder, no model) under INDEX_DIR, default a folder in the system temp dir
 * named for the knowledge folder, and reused by the next run; the knowledge folder is only read.
 *
 *   npx tsx scripts/quiz-sample.ts ../shared/corpus/cs-study [--count 50] [--seed quality] [--index /tmp/x]
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEngineConfig } from '../src/config.js';
import { composeQuiz, eligibleConcepts, quizAnswer, quizProblems, quizSentence, rotationOrder } from '../src/daily/index.js';
import { indexSource } from '../src/discord/knowledge.js';
import { renderQuizPost } from '../src/discord/quiz.js';
import { silentLogger } from '../src/log/logger.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const knowledgeDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const count = Number(flag('--count') ?? 50);
const seed = flag('--seed') ?? 'quality';
if (!knowledgeDir || !Number.isInteger(count) || count < 1) {
  console.error('usage: npx tsx scripts/quiz-sample.ts KNOWLEDGE_DIR [--count N] [--seed TEXT] [--index DIR]');
  process.exit(2);
}
const indexDir = flag('--index') ?? path.join(tmpdir(), `quiz-sample-${path.basename(path.resolve(knowledgeDir))}`);

const source = indexSource(loadEngineConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: indexDir, EMBEDDER: 'hashing', ANALYZER: 'morph' }), silentLogger);
await source.ingest();
const kb = await source.open();
const concepts = kb.concepts();
await kb.dispose();

const eligible = eligibleConcepts(concepts);
const sample = rotationOrder(eligible, 2, seed).slice(0, count);
console.log(`# ${sample.length} quizzes from ${knowledgeDir} (${eligible.length} eligible sections of ${concepts.length}; seed "${seed}")\n`);
sample.forEach((concept, i) => {
  const quiz = composeQuiz(concept, concepts, { seed: `${seed}:${i}` });
  const post = renderQuizPost({ id: i + 1, quiz }, { participants: 0, graded: 0, correct: 0 }, { locale: 'ko' });
  const lines = readFileSync(path.join(knowledgeDir, quiz.source.file), 'utf8').split('\n').slice(quiz.source.lines[0] - 1, quiz.source.lines[1]);
  const problems = quizProblems(quiz, concept, concepts);
  console.log(`## ${i + 1}. [${quiz.question.kind}] ${concept.path.join(' › ')}`);
  console.log(post.embeds?.[0] && 'description' in post.embeds[0] ? post.embeds[0].description : '');
  console.log(`\n정답: ${quizAnswer(quiz.question)}`);
  console.log(`문장: ${quizSentence(quiz.question)}`);
  if (problems.length > 0) console.log(`quizProblems: ${problems.join('; ')}`);
  console.log(`출처: ${quiz.source.file}:${quiz.source.lines[0]}-${quiz.source.lines[1]}`);
  console.log(lines.map((line) => `    | ${line}`).join('\n'));
  console.log('');
});
