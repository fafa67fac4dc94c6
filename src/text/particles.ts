import { FINAL, finalConsonant } from './hangul.js';

/**
 * Korean particles and copulas that attach to a word, longest first: one list for every place that needs a
 * word without them (question analysis, question intent, glossary harvesting, concept cards). Each pair's form
 * depends on whether the word ends in a final consonant (은/는, 이/가, 과/와 …): checking that keeps `효과`,
 * `속도` and `차이` whole. `도`, `만` and `나` are left out: too many nouns end with them.
 */
const PARTICLES: { text: string; after?: 'final' | 'open' }[] = [
  { text: '에게서' }, { text: '이라는', after: 'final' }, { text: '에서는' }, { text: '에서의' }, { text: '으로는', after: 'final' },
  { text: '에서' }, { text: '이랑', after: 'final' }, { text: '하고' }, { text: '에는' }, { text: '으로', after: 'final' },
  { text: '로는' }, { text: '와는', after: 'open' }, { text: '과는', after: 'final' }, { text: '보다' }, { text: '이란', after: 'final' },
  { text: '라는', after: 'open' }, { text: '이나', after: 'final' }, { text: '이야', after: 'final' }, { text: '이에요', after: 'final' },
  { text: '예요', after: 'open' }, { text: '인가요' }, { text: '인가' }, { text: '에게' }, { text: '까지' }, { text: '부터' },
  { text: '처럼' }, { text: '마다' },
  { text: '은', after: 'final' }, { text: '는', after: 'open' }, { text: '이', after: 'final' }, { text: '가', after: 'open' },
  { text: '을', after: 'final' }, { text: '를', after: 'open' }, { text: '과', after: 'final' }, { text: '와', after: 'open' },
  { text: '랑', after: 'open' }, { text: '란', after: 'open' }, { text: '야', after: 'open' }, { text: '로', after: 'open' },
  { text: '의' }, { text: '에' },
];

/** `도커랑` → ['도커', '랑']; a word with no particle comes back whole with ''. */
export function splitParticle(word: string): [stem: string, particle: string] {
  if (!/[\uAC00-\uD7A3]$/u.test(word)) return [word, ''];
  for (const { text, after } of PARTICLES) {
    if (word.length <= text.length || !word.endsWith(text)) continue;
    const stem = word.slice(0, -text.length);
    const final = finalConsonant(stem, stem.length - 1);
    if (after && final !== undefined && (final !== FINAL.none) !== (after === 'final')) continue;
    return [stem, text];
  }
  return [word, ''];
}

export function stripParticle(word: string): string {
  return splitParticle(word)[0];
}

/** Whether `text` is one of the particles (`의` of `VM의`). */
export function isParticle(text: string): boolean {
  return PARTICLES.some((p) => p.text === text);
}
