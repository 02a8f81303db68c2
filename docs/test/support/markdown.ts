// A small, line-based Markdown reader: just enough CommonMark to find what the docs tests check
// (headings, fenced blocks, links, code spans), each with its 1-based line number.

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Fence {
  /** The whole info string after the opening fence, e.g. `bash cluster`. */
  info: string;
  /** The content between the fences, indentation of the opening fence removed, no final newline. */
  body: string;
  /** Line of the opening fence. */
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface CodeSpan {
  text: string;
  line: number;
}

export interface MarkdownDoc {
  headings: Heading[];
  fences: Fence[];
  links: Link[];
  codeSpans: CodeSpan[];
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;
const HTML_ATTRIBUTE_LINK = /<(?:a|img)\b[^>]*?\s(?:href|src)="([^"]+)"/gi;
const CODE_SPAN = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;

export function parseMarkdown(source: string): MarkdownDoc {
  const lines = source.split('\n');
  const doc: MarkdownDoc = { headings: [], fences: [], links: [], codeSpans: [] };
  let index = 0;
  while (index < lines.length) {
    const text = lines[index] ?? '';
    const lineNumber = index + 1;
    const open = FENCE_OPEN.exec(text);
    if (open && !(open[2]?.startsWith('`') && open[3]?.includes('`'))) {
      const indent = open[1]?.length ?? 0;
      const marker = open[2] ?? '```';
      const body: string[] = [];
      index += 1;
      while (index < lines.length && !isClosingFence(lines[index] ?? '', marker)) {
        body.push(stripIndent(lines[index] ?? '', indent));
        index += 1;
      }
      doc.fences.push({ info: (open[3] ?? '').trim(), body: body.join('\n'), line: lineNumber });
      index += 1; // past the closing fence (or the end of the file)
      continue;
    }
    const heading = ATX_HEADING.exec(text);
    if (heading) {
      doc.headings.push({
        level: heading[1]?.length ?? 1,
        text: (heading[2] ?? '').trim(),
        line: lineNumber,
      });
    }
    collectInline(text, lineNumber, doc);
    index += 1;
  }
  return doc;
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  const char = marker[0] ?? '`';
  return trimmed.length >= marker.length && [...trimmed].every((c) => c === char);
}

function stripIndent(line: string, indent: number): string {
  let removed = 0;
  while (removed < indent && line[removed] === ' ') removed += 1;
  return line.slice(removed);
}

function collectInline(text: string, line: number, doc: MarkdownDoc): void {
  // Code spans are read first and blanked out, so a link written inside backticks is not a link.
  const withoutCode = text.replace(CODE_SPAN, (whole, _ticks: string, content: string) => {
    doc.codeSpans.push({ text: content.trim(), line });
    return ' '.repeat(whole.length);
  });
  for (const match of withoutCode.matchAll(INLINE_LINK)) {
    doc.links.push({ target: match[1] ?? '', line });
  }
  for (const match of withoutCode.matchAll(HTML_ATTRIBUTE_LINK)) {
    doc.links.push({ target: match[1] ?? '', line });
  }
  const definition = REFERENCE_DEFINITION.exec(withoutCode);
  if (definition) doc.links.push({ target: definition[1] ?? '', line });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(text: string): string {
  return text
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page offers, with GitHub's -1, -2 suffixes for repeated headings. */
export function headingAnchors(headings: Heading[]): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const heading of headings) {
    const slug = headingSlug(heading.text);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}
