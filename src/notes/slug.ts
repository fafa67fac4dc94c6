/**
 * GitHub/GitBook-style heading anchors: lower-cased, punctuation dropped, spaces to hyphens,
 * Hangul kept; a repeated heading gets `-1`, `-2`, … like the renderers do.
 */
export function createSlugger(): { slug(text: string): string } {
  const seen = new Map<string, number>();
  return {
    slug(text: string): string {
      const base = text
        .toLowerCase()
        .trim()
        .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      return count === 0 ? base : `${base}-${count}`;
    },
  };
}
