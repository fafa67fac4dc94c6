import type { Answer, Citation, LineRange, SearchHit } from '../types.js';

/** Long headings (a whole question used as a heading) are shortened in citation paths. */
const MAX_HEADING_CHARS = 24;

/** `Docker and VM › 도커 이미지는 다른 환경에서도 동… › 도커 멀티 스테이지 빌드` */
export function sectionLabel(section: string[]): string {
  return section.map((heading) => (heading.length > MAX_HEADING_CHARS ? `${heading.slice(0, MAX_HEADING_CHARS - 1).trimEnd()}…` : heading)).join(' › ');
}

/** `docker-and-vm.md:95-108` */
export function locationLabel(source: Pick<Citation, 'file' | 'lines'>): string {
  const [start, end] = source.lines;
  return `${source.file}:${start === end ? start : `${start}-${end}`}`;
}

/** A source line names at most this many quoted ranges (the link and "출처 전체 보기" show the rest). */
const MAX_QUOTED_RANGES = 6;

/**
 * Where the answer's quotes from a section are: `docker-and-vm.md:75, 77-78` (the section's range when nothing
 * was quoted, as for related sections).
 */
export function quotedLocationLabel(citation: Pick<Citation, 'file' | 'lines' | 'quotes'>): string {
  if (!citation.quotes?.length) return locationLabel(citation);
  const merged: LineRange[] = [];
  for (const [start, end] of citation.quotes.map((q) => q.lines).sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const shown = merged.slice(0, MAX_QUOTED_RANGES).map(([start, end]) => (start === end ? `${start}` : `${start}-${end}`));
  return `${citation.file}:${shown.join(', ')}${merged.length > MAX_QUOTED_RANGES ? ' …' : ''}`;
}

/** `[1] Docker and VM › … › 도커 멀티 스테이지 빌드 — docker-and-vm.md:97, 99-100` */
export function citationLine(citation: Citation): string {
  const line = `[${citation.n}] ${sectionLabel(citation.section)} — ${quotedLocationLabel(citation)}`;
  return citation.url ? `${line}\n    ${citation.url}` : line;
}

/** The terminal rendering of an answer: the quoted answer, then numbered sources. */
export function renderAnswer(answer: Answer): string {
  if (!answer.answered) {
    const related = answer.related.map(citationLine);
    const absent = answer.absentNames?.length ? [`노트에 나오지 않는 말 (not in the notes): ${answer.absentNames.join(', ')}`] : [];
    return [
      '노트에서 이 질문에 대한 내용을 찾지 못했습니다. (The notes do not cover this question.)',
      ...absent,
      ...(related.length ? ['', '관련 있을 수 있는 섹션 (maybe related):', ...related] : []),
    ].join('\n');
  }
  // A model's answer says so (its text first, so a streamed answer's rendering continues what was printed).
  const origin = answer.generatedBy ? ['', `${answer.generatedBy} 모델이 노트를 바탕으로 쓴 답변, 문장마다 출처 확인 (written by ${answer.generatedBy} from the notes, every sentence checked against its source)`] : [];
  return [answer.text, ...origin, '', '출처 (sources):', ...answer.citations.map(citationLine)].join('\n');
}

/**
 * The terminal rendering of search results: one block per section with its best-matching line and, when the
 * notes have a base URL, its link. No hits is one line saying why: a query with no words to look for, or one
 * the notes do not cover.
 */
export function renderSearchHits(hits: SearchHit[], query: { text: string; contentWords: number }): string {
  if (hits.length === 0) {
    const quoted = `“${query.text.trim()}”`;
    return query.contentWords === 0
      ? `${quoted}에는 찾을 낱말이 없습니다: 주제를 적어 보세요, 예: 컨테이너. (${quoted} has no words to search for: name a topic.)`
      : `노트에서 ${quoted}에 맞는 섹션을 찾지 못했습니다. (Nothing in the notes matches ${quoted}.)`;
  }
  return hits.map((hit, i) => [`${i + 1}. ${sectionLabel(hit.section)} — ${locationLabel(hit)}`, `   ${hit.snippet.text}`, ...(hit.url ? [`   ${hit.url}`] : [])].join('\n')).join('\n');
}

/** The first prose line of a passage, cut to a readable length. */
export function snippet(text: string, maxChars = 120): string {
  let inCode = false;
  const line =
    text.split('\n').find((l) => {
      if (l.startsWith('```')) inCode = !inCode;
      else if (!inCode && l.trim()) return true;
      return false;
    }) ?? '';
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
