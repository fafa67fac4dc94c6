import GithubSlugger from 'github-slugger';

/**
 * Heading anchors exactly as GitHub renders them (github-slugger): lower-cased, punctuation dropped, spaces to
 * hyphens, Hangul kept, and every anchor of a note unique — `## 제목`, `## 제목`, `## 제목-1` give 제목, 제목-1,
 * 제목-1-1 — so two sections never share an id and links open the heading they name.
 */
export function createSlugger(): { slug(text: string): string } {
  const slugger = new GithubSlugger();
  return { slug: (text) => slugger.slug(text) };
}
