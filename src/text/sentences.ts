/**
 * Korean-aware sentence splitting. Korean prose ends sentences with `다.`, `요.`, `?`, `!` and the like;
 * notes also end list lines without punctuation, so a line break is a boundary too. Decimal points
 * (`1.5`), version numbers (`ubuntu:20.04`) and abbreviations inside parentheses stay intact.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let start = 0;
    // A terminator followed by whitespace (or a closing bracket/quote then whitespace) ends a sentence.
    const boundary = /[.!?。？！]+["'”’)\]]*(?=\s)/g;
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
