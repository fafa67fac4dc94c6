import type { FieldBoosts } from '../index/fields.js';
import { DEFAULT_HNSW } from '../index/vector.js';

/**
 * Every weight and threshold retrieval uses, in one place. Calibrated with `npm run eval -- --sweep` on the
 * calibration halves of tests/eval (seed note, cs-study, interview corpora) with the model-free embedder; the
 * figures in the README come from the report halves, which nothing here was tuned on.
 */
export interface RetrievalTuning {
  /** BM25 field boosts (see index/fields.ts). */
  fields: FieldBoosts;
  /** A word naming the kind of answer wanted (`차이`, `이유`) counts this much of a content word in BM25. */
  intentWeight: number;
  /** A verb or adjective of the question counts this much of a noun in coverage. */
  predicateWeight: number;
  /** Glossary counterparts of a question word count this much of the word itself. */
  alternativeWeight: number;
  /**
   * Fusion: each retriever's scores are normalised to 0..1 over its own candidates, then summed with these
   * weights; `coverage` adds the share of the question's words the section holds (a coordination factor).
   */
  fusion: { lexical: number; dense: number; coverage: number };
  /** Candidates each retriever hands to fusion. */
  candidates: number;
  /**
   * HNSW's search breadth (hnswlib's ef; it searches with at least `candidates`). A query-time setting, so it is
   * chosen per embedder here rather than in the index: `npm run bench` sweeps it against an exact scan.
   */
  efSearch: number;
  /** Score multiplier for sections that only look like answers (notes/role.ts). */
  rolePenalty: { questions: number; references: number };
  /**
   * Score multiplier for a section written in English (under a fifth of its letters Hangul) when the question is
   * Korean: a translated copy of a note (`README.en.md`) should not answer ahead of the Korean original.
   */
  otherLanguagePenalty: number;
  /**
   * Score multiplier for a section whose own heading compares (`Mutex Lock 과 Semaphore 의 차이점`, `Quick Sort vs
   * Merge Sort`) when the question sets nothing side by side (`What is a semaphore?`, `퀵소트 피벗은 어떻게 잡아야…`):
   * such a section names its subject as often as the one that explains it alone.
   */
  comparingSectionPenalty: number;
  /**
   * Score multiplier for a section whose own heading defines its subject (`프로토콜이란`, `Greedy 알고리즘 이란?`) when
   * the question asks what something is: a question-and-answer section that mentions the term as often (`서로 다른
   * 프로토콜을 사용하는 두 네트워크를…`) otherwise comes first.
   */
  definingSectionBoost: number;
  /**
   * A best section with less text than this is only a heading over its subsections (`## 진행한 프로젝트 기반
   * 질문들` and a line): its first subsections join it.
   */
  thinSectionChars: number;
  /** The bot answers when confidence (the best coverage among the first passages) reaches this. */
  minConfidence: number;
  /**
   * Search lists nothing when its best section covers less of the query than this (`ㅋㅋㅋ`, `!!!`, a lone
   * common word among unknown ones): five sections that merely share a syllable are noise, not results.
   */
  minSearchCoverage: number;
}

/** Model-free default: the hashing embedder is a weak, noisy retriever and earns a small weight. */
export const HASHING_TUNING: RetrievalTuning = {
  fields: { body: 1, heading: 1.6, path: 0.5, title: 0.3, grams: 0.25 },
  alternativeWeight: 0.6,
  predicateWeight: 0.35,
  intentWeight: 0.3,
  // Coverage 2.5 (from 1.5): on the calibration halves a section holding all of the question's words beats a longer
  // one repeating half of them (`퀵소트 단점` › 단점, not `Quick Sort vs Merge Sort`); 2–4 measured alike, 1.0 worse.
  fusion: { lexical: 1, dense: 0.15, coverage: 2.5 },
  candidates: 50,
  // Hashing vectors have no low-dimensional structure: recall@10 ≥ 0.99 at 100k chunks needs ef 512.
  efSearch: DEFAULT_HNSW.efSearch,
  rolePenalty: { questions: 0.5, references: 0.3 },
  otherLanguagePenalty: 0.8,
  // 0.85: on the calibration halves two questions' sections rise to first or nearer, none falls; 0.8 and 0.7 lost an
  // answer each in the combined folder, where both corpora's comparison sections crowd the five that vouch.
  comparingSectionPenalty: 0.85,
  // 1.2: on the calibration halves one answer (cs-221) and three first sections gained, none lost; 1.1 gained the
  // sections only; 1.3 sank two definitions whose sections are not headed that way (seed-021, iv-162).
  definingSectionBoost: 1.2,
  // 250 won one calibration question but quoted the seed note's own answer with a child's `BUT.` and list after it.
  thinSectionChars: 80,
  minConfidence: 0.5,
  minSearchCoverage: 0.2,
};

/**
 * A real sentence-embedding model (multilingual-e5) understands paraphrase and English questions: the dense side
 * weighs more. Not calibrated here (its weights cannot be downloaded on this machine): a prior to re-calibrate
 * with `npm run eval -- --sweep --embedder transformers` where the model loads.
 */
export const TRANSFORMERS_TUNING: RetrievalTuning = {
  ...HASHING_TUNING,
  fusion: { lexical: 1, dense: 0.8, coverage: 1.5 },
  // On clustered vectors shaped like text embeddings (scripts/bench-hnsw.ts), 100k points, M 32: recall@10 1.000
  // at ef 64 (0.997 at 32), over 100× faster than the exact scan; ef 512 is the same recall at a third of the speed.
  efSearch: 64,
};

/** The tuning for the embedder an index was built with (its manifest's embedder id). */
export function tuningFor(embedderId: string): RetrievalTuning {
  return embedderId.startsWith('transformers:') ? TRANSFORMERS_TUNING : HASHING_TUNING;
}
