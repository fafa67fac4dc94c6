/**
 * Prints the sections the parser makes of a knowledge folder: `file:start-end  path › to › heading`, then
 * (with --text) each section's content. What eval questions are labelled against (`expect[].heading`).
 *
 *   npx tsx scripts/sections.ts ../shared/corpus/cs-study [--text] [--file contents/network/README.md]
 */
import { loadNoteFiles } from '../src/notes/load.js';
import { parseNote } from '../src/notes/parse.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--file');
const withText = args.includes('--text');
const only = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;
if (!dir) {
  console.error('usage: npx tsx scripts/sections.ts KNOWLEDGE_DIR [--text] [--file RELATIVE.md]');
  process.exit(2);
}
const { files } = await loadNoteFiles(dir);
for (const f of files) {
  if (only && f.file !== only) continue;
  for (const section of parseNote(f.file, f.source).sections) {
    console.log(`${section.file}:${section.lines[0]}-${section.lines[1]}  ${section.path.join(' › ')}`);
    if (withText) for (const block of section.blocks) console.log(`    [${block.kind} ${block.lines[0]}-${block.lines[1]}] ${block.text.replace(/\n/g, '\n    ')}`);
  }
}
