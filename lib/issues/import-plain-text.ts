/**
 * Turns a newsletter pasted as plain text (from an email client, a web page,
 * a PDF) into typed blocks. Plain text has no markup, so structure is read
 * from layout: known section headings on a line of their own, story headlines
 * followed by "Label:" paragraphs, bulleted lists. Whatever cannot be
 * classified is kept in intro or text blocks: every sentence of the paste ends
 * up in the title, the preheader or a block, and every block passes its schema.
 *
 * Markdown (`importPastedMarkdown`) is first laid out the same way
 * (`layOutMarkdown`), then read by the same rules with its inline marks kept:
 * rich-text fields store them, one-line fields take their words, and links
 * give stories, papers and items their address and source.
 */
import { LIMITS } from "../blocks/fields.ts";
import { slugify, uniqueIds } from "../blocks/ids.ts";
import { parseBlocks } from "../blocks/parse-blocks.ts";
import { getBlockDefinition, type Block, type BlockDataOf } from "../blocks/registry.ts";
import { plainToMarkdown } from "../rich-text/rich-text-to-markdown.ts";
import { normalizePastedText } from "../text/normalize-pasted-text.ts";
import { RULE_LINE } from "../text/rule-line.ts";
import { layOutMarkdown } from "./lay-out-markdown.ts";
import { readInlineMarkdown } from "./read-inline-markdown.ts";
import { readLabel } from "./read-label.ts";

export type PlainTextImport = { title: string; preheader: string; blocks: Block[]; notes: string[] };

type RoundupStory = BlockDataOf<"roundup">["stories"][number];
type RoundupPart = RoundupStory["parts"][number];
type Paper = BlockDataOf<"trendingResearch">["papers"][number];
type NoteworthyItem = BlockDataOf<"noteworthy">["items"][number];
type CatchUpItem = BlockDataOf<"catchUp">["items"][number];

/** A paragraph: its lines, trimmed, none empty. */
type Paragraph = string[];

type SectionKind = "roundup" | "research" | "noteworthy" | "catchUp";

const SECTION_NAMES: Record<SectionKind, string[]> = {
  roundup: ["Weekly News Roundup", "News Roundup", "Weekly Roundup", "Top Stories", "Deep Dives", "Deep Dive"],
  research: ["Trending Research", "Research", "Research Papers", "New Research"],
  noteworthy: ["Noteworthy Stories", "Noteworthy", "Worth Reading", "Elsewhere"],
  catchUp: ["60-Second Catch-Up", "Catch-Up", "Quick Hits", "In Brief"],
};

/** Letters and digits only, lower case: "60-second catch up:" and "60-Second Catch-Up" share a key. */
const headingKey = (line: string) => line.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

const SECTION_BY_KEY = new Map<string, SectionKind>(
  (Object.entries(SECTION_NAMES) as [SectionKind, string[]][]).flatMap(([kind, names]) => names.map((name) => [headingKey(name), kind] as const)),
);

/** "•", "-", "*", "–", "◦"… or "1." / "1)", then a space and the item's text. */
const BULLET = /^(\s*)(?:[•◦▪‣●*+\-–]|\d{1,2}[.)])\s+(\S.*)$/u;


/** Ends like a sentence (or a clause), so it is no headline, subtitle or source. */
const SENTENCE_END = /[.!?…:;,]["'”’)\]]*$/u;
/** Ends a sentence: a line after it starts something new. */
const FULL_STOP = /[.!?…]["'”’)\]]*$/u;

/**
 * How the words of a line are read. Plain text is taken as typed and escaped
 * for rich text; Markdown laid out by `layOutMarkdown` is already rich text,
 * and gives one-line fields its words without marks, and links.
 */
type Syntax = {
  name: "plain" | "markdown";
  /** A piece of a paragraph as a rich-text field stores it. */
  richText(text: string): string;
  /** A line as a one-line field (title, headline, label) holds it. */
  plain(line: string): string;
  /** A line that was a heading: a headline even when it ends like a sentence. */
  isHeading(line: string): boolean;
  /** The address of a web link in `line` whose words are `words` ("" if none): a story's or paper's link. */
  urlOf(line: string, words: string): string;
  /** A noteworthy item: its words, link and source. */
  readItem(line: string): NoteworthyItem;
};

const PLAIN: Syntax = {
  name: "plain",
  richText: plainToMarkdown,
  plain: (line) => line,
  isHeading: () => false,
  urlOf: () => "",
  readItem: (line) => ({ ...splitSource(line), url: "" }),
};

/** An address longer than a URL field holds is left in the text rather than failing the block. */
const fitUrl = (url: string) => (url.length <= LIMITS.url ? url : "");

function markdownSyntax(headings: Set<string>): Syntax {
  return {
    name: "markdown",
    richText: (text) => text,
    plain: (line) => readInlineMarkdown(line).text,
    isHeading: (line) => headings.has(line),
    urlOf: (line, words) => fitUrl(readInlineMarkdown(line).links.find((link) => link.text === words)?.url ?? ""),
    readItem: (line) => {
      const { text, links, trailing } = readInlineMarkdown(line);
      // "Grid storage doubles [Reuters](https://…)": a trailing link that reads as a name is the source.
      if (trailing && looksLikeSourceName(trailing.text) && fitUrl(trailing.url)) {
        return { text: trailing.before, url: trailing.url, source: trailing.text };
      }
      // Otherwise the first link is the item's, and a "— Source" after the words names the source as in plain text.
      const link = links.find((candidate) => fitUrl(candidate.url));
      // A link written as its own address (<https://…>) is the item's link, not words to show.
      const words = link && link.text === link.url ? text.replace(link.url, "").replace(/\s+/gu, " ").trim() : text;
      return { ...splitSource(words), url: link?.url ?? "" };
    },
  };
}

function sectionKind(line: string): SectionKind | undefined {
  if (BULLET.test(line)) return undefined;
  return SECTION_BY_KEY.get(headingKey(line));
}

/** The heading as typed, without Markdown-ish decoration: "## Noteworthy:" → "Noteworthy". */
const headingText = (line: string) => line.trim().replace(/^[#*=_\s]+|[#*=_:\s]+$/gu, "");

/** Splits lines at blank lines into paragraphs of trimmed lines. */
function toParagraphs(lines: string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph = [];
  for (const line of lines) {
    if (line.trim()) current.push(line.trim());
    else if (current.length > 0) {
      paragraphs.push(current);
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

/**
 * Splits `text` into pieces for which `fits` holds, cutting at line ends,
 * then sentence ends, then spaces, and only as a last resort inside a word.
 */
function splitToFit(text: string, fits: (piece: string) => boolean): string[] {
  if (fits(text)) return [text];
  for (const boundary of [/\n/u, /(?<=[.!?…]["'”’)\]]*)[ \t]+/u, /[ \t]+/u]) {
    const units = splitKeepingSeparators(text, boundary);
    if (units.length < 2) continue;
    const join = (from: number, to: number) => units.slice(from, to).map((entry, index) => (index === 0 ? entry.unit : entry.separator + entry.unit)).join("");
    const pieces: string[] = [];
    // Each test escapes the whole candidate, so search for the longest run
    // that fits instead of growing it one unit at a time.
    for (let start = 0; start < units.length; ) {
      let low = start + 1;
      let high = units.length;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fits(join(start, middle))) low = middle;
        else high = middle - 1;
      }
      pieces.push(join(start, low));
      start = low;
    }
    return pieces.flatMap((piece) => splitToFit(piece, fits));
  }
  const chars = Array.from(text);
  let low = 1;
  let high = chars.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(chars.slice(0, middle).join(""))) low = middle;
    else high = middle - 1;
  }
  return [chars.slice(0, low).join(""), ...splitToFit(chars.slice(low).join(""), fits)];
}

function splitKeepingSeparators(text: string, boundary: RegExp): { separator: string; unit: string }[] {
  const global = new RegExp(boundary.source, "gu");
  const units: { separator: string; unit: string }[] = [];
  let last = 0;
  let separator = "";
  for (const match of text.matchAll(global)) {
    const index = match.index ?? 0;
    if (index === 0 || match[0] === "") continue;
    units.push({ separator, unit: text.slice(last, index) });
    separator = match[0];
    last = index + match[0].length;
  }
  units.push({ separator, unit: text.slice(last) });
  return units.filter(({ unit }) => unit !== "");
}

/** Paragraphs as rich text (plain text escaped), grouped into chunks of at most `limit` characters. */
function richTextChunks(paragraphs: Paragraph[], syntax: Syntax, limit: number = LIMITS.richText): string[] {
  const pieces = paragraphs.flatMap((paragraph) =>
    splitToFit(paragraph.join("\n"), (piece) => syntax.richText(piece.trim()).length <= limit).map((piece) => syntax.richText(piece.trim())),
  );
  return joinChunks(pieces.filter(Boolean), limit);
}

function joinChunks(pieces: string[], limit: number): string[] {
  const chunks: string[] = [];
  for (const piece of pieces) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 2 + piece.length <= limit) chunks[chunks.length - 1] = `${last}\n\n${piece}`;
    else chunks.push(piece);
  }
  return chunks;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Collects blocks in order, with anchor ids unique across the whole import, and the notes for the editor. */
class IssueBuilder {
  constructor(readonly syntax: Syntax = PLAIN) {}

  readonly blocks: Block[] = [];
  readonly notes: string[] = [];
  private readonly takenIds = new Set<string>();
  untitledPapers = 0;
  unsourcedItems = 0;
  linkableItems = 0;

  id(text: string, fallback: string): string {
    return uniqueIds([slugify(text, fallback)], this.takenIds)[0] ?? fallback;
  }

  push(block: Block): void {
    this.blocks.push(block);
  }

  /** Rich text as one `type` block and, past the size limit, further text blocks. */
  text(paragraphs: Paragraph[], type: "intro" | "text" = "text"): void {
    this.markdown(richTextChunks(paragraphs, this.syntax), type);
  }

  markdown(chunks: string[], type: "intro" | "text" = "text"): void {
    joinChunks(chunks, LIMITS.richText).forEach((text, index) => this.push({ type: index === 0 ? type : "text", data: { text } }));
  }

  /** A recognised heading whose content had none of the structure its block needs. */
  fallback(title: string, paragraphs: Paragraph[], what: string): void {
    this.push({ type: "heading", data: { text: title } });
    this.text(paragraphs);
    this.notes.push(`No ${what} were recognised under “${title}”: it was kept as a heading and text.`);
  }
}

/**
 * The title is the first non-empty line. The next non-empty line is the
 * preheader when it reads like a subtitle: a paragraph of its own (blank line
 * or nothing after it), at most 150 characters, not ending like a sentence
 * (. ! ? … : ; ,), and not a section heading, bullet or "Label:" line.
 * Anything else there is the start of the intro.
 */
function readHead(lines: string[], out: IssueBuilder): { title: string; preheader: string; rest: string[] } {
  const first = lines.findIndex((line) => line.trim() !== "");
  const firstLine = lines[first] ?? "";
  if (sectionKind(firstLine)) {
    out.notes.push("The paste starts with a section heading, so the issue has no title yet: add one.");
    return { title: "", preheader: "", rest: lines.slice(first) };
  }
  const title = out.syntax.plain(firstLine.trim());
  const second = lines.findIndex((line, index) => index > first && line.trim() !== "");
  const candidate = (lines[second] ?? "").trim();
  const standsAlone = second !== -1 && !(lines[second + 1] ?? "").trim();
  const subtitleLike =
    standsAlone &&
    candidate.length <= 150 &&
    !SENTENCE_END.test(candidate) &&
    !sectionKind(candidate) &&
    !BULLET.test(lines[second] ?? "") &&
    !readLabel(candidate);
  if (subtitleLike) return { title, preheader: out.syntax.plain(candidate), rest: lines.slice(second + 1) };
  return { title, preheader: "", rest: lines.slice(first + 1) };
}

type Section = { kind: SectionKind; title: string; lines: string[] };

function splitSections(lines: string[], syntax: Syntax): { preamble: string[]; sections: Section[] } {
  const preamble: string[] = [];
  const sections: Section[] = [];
  for (const line of lines) {
    const kind = sectionKind(line);
    if (kind) sections.push({ kind, title: headingText(syntax.plain(line)), lines: [] });
    else (sections.at(-1)?.lines ?? preamble).push(line);
  }
  return { preamble, sections };
}

// ——— Roundup ———

/** A single short line that does not end like a sentence (or was a Markdown heading): "Tidal Array Runs All Winter". */
function isHeadline(paragraph: Paragraph | undefined, syntax: Syntax): paragraph is [string] {
  const line = paragraph?.length === 1 ? paragraph[0] : undefined;
  if (line === undefined || line.length > LIMITS.headline || BULLET.test(line) || readLabel(line)) return false;
  return syntax.isHeading(line) || !SENTENCE_END.test(line);
}

/**
 * Copies often lose the blank lines around "Headline" and "What's new: …"
 * (a dropped stray bullet, an email client's reflow). Inside a paragraph, a
 * line starting with a label starts a paragraph of its own when the line
 * before it ends a sentence; when that line is instead a headline standing
 * after a sentence end (or first), the headline is split off too.
 */
function splitAtLabels(paragraphs: Paragraph[], syntax: Syntax): Paragraph[] {
  return paragraphs.flatMap((paragraph) => {
    const starts = new Set<number>([0]);
    paragraph.forEach((line, index) => {
      const previous = paragraph[index - 1];
      if (previous === undefined || !readLabel(line)) return;
      if (FULL_STOP.test(previous)) starts.add(index);
      else if (isHeadline([previous], syntax) && (index === 1 || FULL_STOP.test(paragraph[index - 2] ?? ""))) {
        starts.add(index - 1);
        starts.add(index);
      }
    });
    const bounds = [...starts].sort((a, b) => a - b);
    return bounds.map((start, index) => paragraph.slice(start, bounds[index + 1] ?? paragraph.length));
  });
}

type SourcePart = { label: string; paragraphs: Paragraph[] };

function importRoundup(section: Section, out: IssueBuilder): void {
  const paragraphs = splitAtLabels(toParagraphs(section.lines), out.syntax);
  // A story starts at a headline followed by a "Label:" paragraph.
  const starts = paragraphs.flatMap((paragraph, index) => {
    const next = paragraphs[index + 1]?.[0];
    return isHeadline(paragraph, out.syntax) && next !== undefined && readLabel(next) ? [index] : [];
  });
  const firstStart = starts[0];
  if (firstStart === undefined) return out.fallback(section.title, paragraphs, "stories (a headline followed by a “Label:” paragraph)");
  if (firstStart > 0) out.text(paragraphs.slice(0, firstStart));

  let stories: RoundupStory[] = [];
  let fullBlocks = 0;
  const flush = () => {
    if (stories.length === 0) return;
    out.push({ type: "roundup", data: { title: section.title, stories } });
    stories = [];
  };
  starts.forEach((start, storyIndex) => {
    const headlineLine = paragraphs[start]?.[0] ?? "";
    const headline = out.syntax.plain(headlineLine);
    const body = paragraphs.slice(start + 1, starts[storyIndex + 1] ?? paragraphs.length);
    const sourceParts: SourcePart[] = [];
    for (const paragraph of body) {
      const label = readLabel(paragraph[0] ?? "");
      const last = sourceParts.at(-1);
      if (label || !last) {
        const lines = [label ? label.rest : (paragraph[0] ?? ""), ...paragraph.slice(1)].filter((line) => line.trim() !== "");
        sourceParts.push({ label: label ? out.syntax.plain(label.label) : "", paragraphs: lines.length > 0 ? [lines] : [] });
      } else last.paragraphs.push(paragraph);
    }
    const { parts, overflow } = fitParts(sourceParts, out.syntax);
    if (stories.length === LIMITS.items) {
      flush();
      fullBlocks += 1;
    }
    // A headline that is one link, "### [Batteries Win](https://…)", gives the story its address.
    const url = out.syntax.urlOf(headlineLine, headline);
    stories.push({ id: out.id(headline, "story"), headline, url, parts });
    if (!url) out.linkableItems += 1;
    if (overflow.length > 0) {
      flush();
      out.markdown(overflow);
      const after = storyIndex < starts.length - 1 ? `, and the stories after it are in a further “${section.title}” block` : "";
      out.notes.push(`“${headline}” has more than ${LIMITS.parts} parts: the rest follow it as a text block${after}.`);
    }
  });
  flush();
  if (fullBlocks > 0) {
    out.notes.push(`“${section.title}” has more than ${LIMITS.items} stories: it was split into blocks of at most ${LIMITS.items}.`);
  }
}

/**
 * At most LIMITS.parts parts per story, each body within the rich-text limit.
 * A body too long for one part continues in a second part with the same
 * label; parts past the limit become Markdown for a text block, their label
 * written at the start of their first paragraph.
 */
function fitParts(sourceParts: SourcePart[], syntax: Syntax): { parts: RoundupPart[]; overflow: string[] } {
  const parts: RoundupPart[] = [];
  const overflow: string[] = [];
  for (const { label, paragraphs } of sourceParts) {
    const bodies = richTextChunks(paragraphs, syntax);
    (bodies.length > 0 ? bodies : [""]).forEach((body, index) => {
      if (parts.length < LIMITS.parts && overflow.length === 0) parts.push({ label, body });
      else if (index > 0 || !label) overflow.push(body);
      else {
        // The label is plain text whatever the paste's syntax.
        const labelled = plainToMarkdown(`${label}:`);
        const joined = body ? `${labelled} ${body}` : labelled;
        overflow.push(...(joined.length <= LIMITS.richText ? [joined] : [labelled, body]));
      }
    });
  }
  return { parts, overflow: overflow.filter(Boolean) };
}

// ——— Bulleted sections ———

type ListEntry = { kind: "item"; text: string; indent: number } | { kind: "text"; paragraph: Paragraph };

/**
 * Each bullet line starts an item. A line right after it continues the item
 * when it is indented past the bullet or carries on a sentence (lower-case
 * start after a line with no final punctuation); other lines are text.
 */
function readList(lines: string[]): ListEntry[] {
  const entries: ListEntry[] = [];
  let item: Extract<ListEntry, { kind: "item" }> | undefined;
  let text: Paragraph | undefined;
  for (const line of lines) {
    if (!line.trim()) {
      item = undefined;
      text = undefined;
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      item = { kind: "item", text: (bullet[2] ?? "").trim(), indent: (bullet[1] ?? "").length };
      entries.push(item);
      text = undefined;
      continue;
    }
    const indent = (/^\s*/u.exec(line)?.[0] ?? "").length;
    const trimmed = line.trim();
    if (item && (indent > item.indent || (!FULL_STOP.test(item.text) && /^\p{Ll}/u.test(trimmed)))) {
      item.text = `${item.text} ${trimmed}`;
      continue;
    }
    item = undefined;
    if (!text) {
      text = [];
      entries.push({ kind: "text", paragraph: text });
    }
    text.push(trimmed);
  }
  return entries;
}

/**
 * Items in order: runs of items that fit become blocks (at most LIMITS.items
 * each), text between them and items that do not fit become text blocks in
 * the same place, so nothing moves. A list split by text keeps its title on
 * every part.
 */
function importList<Item>(
  section: Section,
  out: IssueBuilder,
  what: string,
  toItem: (text: string) => Item | undefined,
  toBlock: (title: string, items: Item[]) => Block,
): void {
  const entries = readList(section.lines);
  if (!entries.some((entry) => entry.kind === "item")) {
    return out.fallback(section.title, entries.flatMap((entry) => (entry.kind === "text" ? [entry.paragraph] : [])), what);
  }
  let items: Item[] = [];
  let text: Paragraph[] = [];
  let blockCount = 0;
  let misfits = 0;
  const flushItems = () => {
    if (items.length === 0) return;
    out.push(toBlock(section.title, items));
    blockCount += 1;
    items = [];
  };
  const flushText = () => {
    if (text.length === 0) return;
    out.text(text);
    text = [];
  };
  for (const entry of entries) {
    const item = entry.kind === "item" ? toItem(entry.text) : undefined;
    if (item === undefined) {
      flushItems();
      if (entry.kind === "item") misfits += 1;
      text.push(entry.kind === "item" ? [entry.text] : entry.paragraph);
      continue;
    }
    flushText();
    if (items.length === LIMITS.items) flushItems();
    items.push(item);
  }
  flushItems();
  flushText();
  if (misfits > 0) {
    const were = misfits === 1 ? "was" : "were";
    out.notes.push(`${plural(misfits, "item", "items")} under “${section.title}” ${were} too long for the list and ${were} kept as text.`);
  }
  if (blockCount > 1) out.notes.push(`“${section.title}” was split into ${blockCount} blocks around text between its items; check the order.`);
}

/** "… Read the paper Forecasting Tides With Harmonics for more." → "Forecasting Tides With Harmonics". */
const READ_THE_PAPER = /(?:^|[.!?…]["'”’)]*\s+)Read the (?:full )?paper:?\s+(.+?)\s+for (?:more|details)\.?["'”’)]*$/iu;

function paperTitle(text: string): string {
  const name = READ_THE_PAPER.exec(text)?.[1]?.trim() ?? "";
  const unquoted = /^["“'‘](.+)["”'’]$/u.exec(name)?.[1] ?? name;
  return unquoted.length <= LIMITS.headline ? unquoted : "";
}

function importResearch(section: Section, out: IssueBuilder): void {
  importList<Paper>(
    section,
    out,
    "papers (bulleted items)",
    (text) => {
      const summary = out.syntax.richText(text);
      if (summary.length > LIMITS.shortRichText) return undefined;
      const words = out.syntax.plain(text);
      const title = paperTitle(words);
      if (!title) out.untitledPapers += 1;
      // "Read the paper [Its Title](https://…) for more.": the link on the title is the paper's.
      const url = title ? out.syntax.urlOf(text, title) : "";
      if (!url) out.linkableItems += 1;
      return { id: out.id(title || words, "paper"), title, url, summary, authors: "" };
    },
    (title, papers) => ({ type: "trendingResearch", data: { title, papers } }),
  );
}

/**
 * "Text of the item. — Outlet": the last " — ", " – " or " - " separates the
 * source when what follows looks like a name: at most 8 words within the
 * source limit, starting with a capital or digit, not ending like a sentence.
 */
function splitSource(line: string): { text: string; source: string } {
  const match = /^(.*\S)\s+[—–-]\s+(\S.*)$/u.exec(line);
  const text = match?.[1] ?? "";
  const source = match?.[2]?.trim() ?? "";
  return match && looksLikeSourceName(source) ? { text, source } : { text: line, source: "" };
}

function looksLikeSourceName(source: string): boolean {
  return source.length <= LIMITS.source && source.split(/\s+/).length <= 8 && /^[\p{Lu}\p{N}]/u.test(source) && !SENTENCE_END.test(source);
}

function importNoteworthy(section: Section, out: IssueBuilder): void {
  importList<NoteworthyItem>(
    section,
    out,
    "items (bulleted lines)",
    (line) => {
      const item = out.syntax.readItem(line);
      if (item.text.length > LIMITS.oneLiner) return undefined;
      if (!item.source) out.unsourcedItems += 1;
      if (!item.url) out.linkableItems += 1;
      return item;
    },
    (title, items) => ({ type: "noteworthy", data: { title, items } }),
  );
}

function importCatchUp(section: Section, out: IssueBuilder): void {
  importList<CatchUpItem>(
    section,
    out,
    "items (bulleted lines)",
    (line) => {
      const text = out.syntax.richText(line);
      if (text.length > LIMITS.shortRichText) return undefined;
      out.linkableItems += 1;
      return { id: out.id(out.syntax.plain(line), "item"), headline: "", url: "", text };
    },
    (title, items) => ({ type: "catchUp", data: { title, items } }),
  );
}

const IMPORTERS: Record<SectionKind, (section: Section, out: IssueBuilder) => void> = {
  roundup: importRoundup,
  research: importResearch,
  noteworthy: importNoteworthy,
  catchUp: importCatchUp,
};

/**
 * The schemas are the last word: a block that fails one (a case the rules
 * above did not foresee) is replaced by its plain-text rendering as text
 * blocks, rather than handed on invalid.
 */
function validated(blocks: Block[], notes: string[]): Block[] {
  return blocks.flatMap((block) => {
    const parsed = parseBlocks([block]);
    if (parsed.ok) return parsed.blocks;
    const definition = getBlockDefinition(block.type);
    notes.push(`A ${definition.name} block did not fit its limits and was kept as text.`);
    const fallback = new IssueBuilder();
    fallback.text(toParagraphs(definition.toText(block.data).split("\n")));
    return fallback.blocks;
  });
}

export function importPlainText(pasted: string): PlainTextImport {
  const { text, repairedWords } = normalizePastedText(pasted);
  return importLayout(text, repairedWords, new IssueBuilder(PLAIN));
}

/**
 * Markdown written elsewhere (not this project's export, which
 * `importIssueMarkdown` reads back exactly): `#` headings are read as the
 * title, section headings and headlines, bold, italics and links are kept.
 */
export function importPastedMarkdown(pasted: string): PlainTextImport {
  const { text, repairedWords } = normalizePastedText(pasted);
  const layout = layOutMarkdown(text);
  const out = new IssueBuilder(markdownSyntax(layout.headings));
  out.notes.push("The paste was read as Markdown: headings, bold, italics and links were kept.");
  return importLayout(layout.text, repairedWords, out);
}

function importLayout(text: string, repairedWords: number, out: IssueBuilder): PlainTextImport {
  if (repairedWords > 0) out.notes.push(`${plural(repairedWords, "word", "words")} repaired from a wrong character set.`);
  const lines = text.split("\n").map((line) => (RULE_LINE.test(line) ? "" : line));
  if (lines.every((line) => line.trim() === "")) {
    return { title: "", preheader: "", blocks: [], notes: ["The paste is empty: there was nothing to import."] };
  }

  const { title, preheader, rest } = readHead(lines, out);
  const { preamble, sections } = splitSections(rest, out.syntax);
  out.text(toParagraphs(preamble), "intro");
  for (const section of sections) IMPORTERS[section.kind](section, out);

  if (sections.length === 0) out.notes.push("No known section headings were found: the text is kept as an intro.");
  if (out.untitledPapers > 0) {
    const count = out.untitledPapers;
    out.notes.push(`${plural(count, "research item has", "research items have")} no title: add one before sending.`);
  }
  if (out.unsourcedItems > 0) {
    const count = out.unsourcedItems;
    out.notes.push(`${plural(count, "noteworthy item has", "noteworthy items have")} no source: add one before sending.`);
  }
  if (out.linkableItems > 0) {
    const count = out.linkableItems;
    out.notes.push(
      out.syntax.name === "plain"
        ? "Plain text carries no links: add the link of each story, paper and item before sending."
        : `${plural(count, "story, paper or item has", "stories, papers and items have")} no link: add one before sending.`,
    );
  }
  return { title, preheader, blocks: validated(out.blocks, out.notes), notes: out.notes };
}
