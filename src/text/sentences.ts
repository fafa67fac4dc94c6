/**
 * Korean-aware sentence splitting. Korean prose ends sentences with `다.`, `요.`, `?`, `!` and the like;
 * notes also end list lines without punctuation, so a line break is a boundary too. Decimal points
 * (`1.5`), version numbers (`ubuntu:20.04`) and abbreviations inside parentheses stay intact; a remark in
 * brackets glued to the full stop (`…정할 수 있다.(Retention Policy) 어노테이션에는…`) ends with its sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let start = 0;
    // A terminator followed by whitespace (or a closing bracket/quote, or a bracketed remark after a Korean
    // sentence's end, then whitespace) ends a sentence.
    const boundary = /[.!?。？！]+(?:["'”’)\]]*|(?<=[\uAC00-\uD7A3][.!?]+)\([^()\n]*\))(?=\s)/gu;
    for (let match = boundary.exec(line); match; match = boundary.exec(line)) {
      const end = match.index + match[0].length;
      // `(e.g. 하드디스크)`: a full stop inside brackets that are still open ends nothing.
      if (openBrackets(line, end) > 0) continue;
      pushTrimmed(sentences, line.slice(start, end));
      start = end;
    }
    pushTrimmed(sentences, line.slice(start));
  }
  return sentences;
}

function openBrackets(line: string, end: number): number {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    const c = line[i];
    if (c === '(' || c === '（' || c === '[') depth++;
    else if ((c === ')' || c === '）' || c === ']') && depth > 0) depth--;
  }
  return depth;
}

function pushTrimmed(into: string[], piece: string): void {
  const trimmed = piece.trim();
  if (trimmed) into.push(trimmed);
}
