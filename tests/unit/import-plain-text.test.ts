import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/blocks/fields.ts";
import { getBlockDefinition } from "@/lib/blocks/registry.ts";
import { importPlainText, type PlainTextImport } from "@/lib/issues/import-plain-text.ts";
import { blocksOf, expectValid, only, rendered, richTextFields } from "../helpers/imported-issue";
import { linkTargets, parseRichText } from "@/lib/rich-text/parse-rich-text.ts";
import { normalizePastedText } from "@/lib/text/normalize-pasted-text.ts";

// A third party's newsletter: read at run time, never copied into the project.
const SAMPLE_PATH = path.resolve(process.cwd(), "../shared/samples/weekly-roundup.txt");
const sample = readFileSync(SAMPLE_PATH, "utf8");

/** Whitespace collapsed, and any dash between spaces shown as the " — " the blocks render before a source. */
const collapse = (text: string) => text.replace(/\s+/g, " ").replace(/ [—–-] /g, " — ").trim();

/**
 * The input's sentences after the importer's own normalisation, without the
 * list markers and "— Source" dashes that are layout rather than words.
 */
function sentencesOf(input: string): string[] {
  return normalizePastedText(input)
    .text.split("\n")
    .map((line) => line.replace(/^\s*(?:[•◦▪‣●*+\-–]|\d{1,2}[.)])\s+/u, ""))
    .flatMap((line) => line.split(/(?<=[.!?…]["'”’)]*)\s+/u))
    .map((sentence) => collapse(sentence.replace(/^[—–-]\s+/u, "")))
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

const occurrences = (haystack: string, needle: string) => (needle ? haystack.split(needle).length - 1 : 0);

/**
 * Sentences of the input missing from the title, preheader and rendered
 * blocks, counted: a sentence written twice (a name in the masthead and the
 * footer) must be found twice. Section titles render in capitals, without the
 * colon a heading may have been typed with, so that form counts too.
 */
function missingSentences(input: string, result: PlainTextImport): string[] {
  const haystack = collapse(rendered(result));
  const sentences = sentencesOf(input);
  return [...new Set(sentences)].filter((sentence) => {
    const wanted = sentences.filter((other) => other === sentence).length;
    const heading = sentence.toUpperCase().replace(/:$/, "");
    const found = occurrences(haystack, sentence) + (heading === sentence ? 0 : occurrences(haystack, heading));
    return found < wanted;
  });
}

describe("importPlainText on the sample issue", () => {
  const result = importPlainText(sample);
  const sampleLines = normalizePastedText(sample)
    .text.split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

  it("keeps every sentence of the sample", () => {
    expect(sentencesOf(sample).length).toBeGreaterThan(60);
    expect(missingSentences(sample, result)).toEqual([]);
  });

  it("produces blocks that pass their schemas, with unique anchors", () => {
    expectValid(result);
  });

  it("takes the first line as title and the subtitle line as preheader", () => {
    expect(result.title).toBe(sampleLines[0]);
    expect(result.preheader).toBe(sampleLines[1]);
  });

  it("reads an intro, a roundup, trending research, noteworthy stories and the footer", () => {
    expect(result.blocks.map((block) => block.type)).toEqual(["intro", "roundup", "trendingResearch", "noteworthy", "text"]);
  });

  it("reads three stories with their labelled parts", () => {
    const roundup = only(result, "roundup").data;
    expect(roundup.title).toBe("Weekly News Roundup");
    expect(roundup.stories.map((story) => story.parts.map((part) => part.label))).toEqual([
      ["What’s new", "My take", "Alibaba vs. Tencent vs. Baidu"],
      ["What’s new", "Inside AI computing"],
      ["What’s new", "How it works"],
    ]);
    for (const story of roundup.stories) {
      expect(sampleLines).toContain(story.headline);
      expect(story.url).toBe("");
      for (const part of story.parts) expect(part.body.trim()).not.toBe("");
    }
    // Paragraphs after the first stay in their part: "What’s new" of the first story has two.
    expect(roundup.stories[0]?.parts[0]?.body.split("\n\n")).toHaveLength(2);
    expect(roundup.stories[0]?.parts[1]?.body.split("\n\n")).toHaveLength(3);
  });

  it("reads two papers, the first titled from its “Read the paper … for more.” sentence", () => {
    const research = only(result, "trendingResearch").data;
    expect(research.title).toBe("Trending Research");
    expect(research.papers).toHaveLength(2);
    const [first, second] = research.papers;
    expect(first?.title).not.toBe("");
    expect(sample).toContain(`Read the paper ${first?.title} for more.`);
    // The sentence naming the paper stays in the summary.
    expect(first?.summary).toContain("for more.");
    expect(second?.title).toBe("");
    for (const paper of research.papers) {
      expect(paper.url).toBe("");
      expect(paper.authors).toBe("");
      expect(paper.summary.length).toBeGreaterThan(100);
    }
    expect(result.notes).toContain("1 research item has no title: add one before sending.");
  });

  it("reads four noteworthy items, each with its source", () => {
    const noteworthy = only(result, "noteworthy").data;
    expect(noteworthy.title).toBe("Noteworthy Stories");
    expect(noteworthy.items.map((item) => item.source)).toEqual(["Nikkei Asia", "Brookings", "Wall Street Journal", "South China Morning Post"]);
    for (const item of noteworthy.items) {
      expect(item.text).not.toBe("");
      expect(item.text).not.toContain(" — ");
    }
  });

  it("keeps the footer after the last section as a text block", () => {
    const footer = result.blocks.at(-1);
    expect(footer?.type).toBe("text");
    expect(footer && getBlockDefinition(footer.type).toText(footer.data)).toBe(sampleLines.slice(-2).join("\n\n"));
  });

  it("puts the lines between the preheader and the first section in the intro", () => {
    const intro = only(result, "intro").data;
    const introText = getBlockDefinition("intro").toText(intro);
    const firstSection = sampleLines.indexOf("Weekly News Roundup");
    for (const line of sampleLines.slice(2, firstSection)) expect(introText).toContain(line);
  });
});

// Fixtures below are written for these tests: energy, weather and gardening news.

const GRID_NOTES = [
  "\uFEFFGrid Notes: Batteries, Heat Pumps and a Windy Week",
  "Issue 12 of the energy letter",
  "",
  "Hello again.\u00A0This weekâ€™s issue is short, because the wind blew all week.",
  "",
  "NEWS ROUNDUP",
  "",
  "Batteries Win the Capacity Auction",
  "",
  "What’s new: Four battery parks won contracts in the winter auction.\u202FThey start in 2027.",
  "",
  "The study found three things: prices fell, bids rose and nobody complained.",
  "",
  "My take: Storage is now the cheapest firm capacity on offer. Itโs time the rules caught up.",
  "  •",
  "Heat Pumps Learn to Wait",
  "What's new: A utility pays households to delay their heat pumps by an hour at peak.",
  "",
  "Inside the thermostat: The controller pre-heats the house before the peak, then coasts.",
  "",
  "trending research:",
  "",
  "  • Harmonic models predict a year of tidal output to within 2%. Read the paper Forecasting Tidal Output With Harmonic Models for more.",
  "   -",
  "  - A survey of 400 gardens finds that mulch halves watering needs in dry summers.",
  "",
  "Noteworthy",
  "",
  "* Why harbour towns are bidding for turbine yards. — Example Times",
  "– A field guide to reading a connection queue – Grid Weekly",
  "◦ Donโt miss the solar eclipse forecast - Weather Desk",
  "",
  "Thanks\u200B for reading.",
].join("\r\n");

describe("importPlainText on a messy paste", () => {
  const result = importPlainText(GRID_NOTES);

  it("normalises line ends, spaces, invisible characters and stray bullets", () => {
    const stored = JSON.stringify(result);
    expect(stored).not.toMatch(/[\r\u00A0\u202F\u200B\uFEFF•]/u);
    expect(result.title).toBe("Grid Notes: Batteries, Heat Pumps and a Windy Week");
    expect(result.preheader).toBe("Issue 12 of the energy letter");
    expectValid(result);
    expect(missingSentences(GRID_NOTES, result)).toEqual([]);
  });

  it("repairs mojibake of both kinds and says so", () => {
    const text = rendered(result);
    expect(text).toContain("This week’s issue");
    expect(text).toContain("It’s time the rules");
    expect(text).toContain("Don’t miss");
    expect(text).not.toMatch(/â€|โ/u);
    expect(result.notes).toContain("3 words repaired from a wrong character set.");
  });

  it("recognises labels with straight or curly quotes, and headings in any case", () => {
    const roundup = only(result, "roundup").data;
    expect(roundup.title).toBe("NEWS ROUNDUP");
    expect(roundup.stories.map((story) => story.headline)).toEqual(["Batteries Win the Capacity Auction", "Heat Pumps Learn to Wait"]);
    expect(roundup.stories.map((story) => story.parts.map((part) => part.label))).toEqual([
      ["What’s new", "My take"],
      ["What's new", "Inside the thermostat"],
    ]);
    // A colon in prose is no label: that paragraph stays in "What’s new".
    expect(roundup.stories[0]?.parts[0]?.body).toContain("The study found three things: prices fell");
    expect(only(result, "trendingResearch").data.title).toBe("trending research");
  });

  it("reads bullets whatever their marker, and sources after any dash", () => {
    const research = only(result, "trendingResearch").data;
    expect(research.papers.map((paper) => paper.title)).toEqual(["Forecasting Tidal Output With Harmonic Models", ""]);
    const noteworthy = only(result, "noteworthy").data;
    expect(noteworthy.items).toEqual([
      { text: "Why harbour towns are bidding for turbine yards.", url: "", source: "Example Times" },
      { text: "A field guide to reading a connection queue", url: "", source: "Grid Weekly" },
      { text: "Don’t miss the solar eclipse forecast", url: "", source: "Weather Desk" },
    ]);
    expect(result.blocks.map((block) => block.type)).toEqual(["intro", "roundup", "trendingResearch", "noteworthy", "text"]);
  });

  it("reads a label alone on its line, and no label in a line that carries on a sentence", () => {
    const paste = [
      "Garden Notes",
      "",
      "News Roundup",
      "",
      "Beans Climb Early",
      "",
      "My take:",
      "",
      "Sow them after the last frost.",
      "We looked at two trellis types,",
      "Bamboo: Cheap and light.",
      "",
      "How it works: Tendrils circle the cane.",
    ].join("\n");
    const result = importPlainText(paste);
    expect(only(result, "roundup").data.stories[0]?.parts).toEqual([
      { label: "My take", body: "Sow them after the last frost.\nWe looked at two trellis types,\nBamboo: Cheap and light." },
      { label: "How it works", body: "Tendrils circle the cane." },
    ]);
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("accepts numbered items and wrapped bullet lines", () => {
    const wrapped = importPlainText(
      ["Soil Weekly", "", "Research", "", "1. Clay soils hold water", "   for longer than sand.", "2) Worms double in mulched beds.", "+ Leaf mould feeds fungi,", "which feed the roots."].join("\n"),
    );
    expect(only(wrapped, "trendingResearch").data.papers.map((paper) => paper.summary)).toEqual([
      "Clay soils hold water for longer than sand.",
      "Worms double in mulched beds.",
      "Leaf mould feeds fungi, which feed the roots.",
    ]);
  });

  it("keeps joiners inside emoji and Thai words untouched", () => {
    const withJoiners = importPlainText("Garden Log\n\nThe scientist 👩‍🔬 visited โรงเรียน today.");
    expect(rendered(withJoiners)).toContain("The scientist 👩‍🔬 visited โรงเรียน today.");
  });
});

describe("importPlainText on pastes with little or no structure", () => {
  it.each(["", "   \r\n\t\r\n", "\uFEFF\u200B\n  •\n---\n"])("an empty paste %j gives an empty, valid result", (paste) => {
    const result = importPlainText(paste);
    expect(result).toEqual({ title: "", preheader: "", blocks: [], notes: ["The paste is empty: there was nothing to import."] });
  });

  it("keeps unstructured text whole in an intro", () => {
    const paste = [
      "Compost keeps the garden going through dry spells.",
      "",
      "Turn the heap every week. Keep it as damp as a wrung-out sponge!",
      "Add browns and greens in equal measure.",
      "",
      "That is all there is to it",
    ].join("\n");
    const result = importPlainText(paste);
    expect(result.title).toBe("Compost keeps the garden going through dry spells.");
    expect(result.preheader).toBe("");
    expect(result.blocks.map((block) => block.type)).toEqual(["intro"]);
    expect(result.notes).toContain("No known section headings were found: the text is kept as an intro.");
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("keeps a recognised section without the expected structure as a heading and text", () => {
    const paste = "Weather Desk\n\nNews Roundup\n\nIt rained on Monday. It rained again on Tuesday.\n\nNoteworthy\n\nNothing else happened.";
    const result = importPlainText(paste);
    expect(result.blocks.map((block) => block.type)).toEqual(["heading", "text", "heading", "text"]);
    expect(result.notes).toEqual([
      "No stories (a headline followed by a “Label:” paragraph) were recognised under “News Roundup”: it was kept as a heading and text.",
      "No items (bulleted lines) were recognised under “Noteworthy”: it was kept as a heading and text.",
    ]);
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("keeps text around and between list items in place", () => {
    const paste = [
      "Garden Notes",
      "",
      "Noteworthy",
      "",
      "Three links this week.",
      "- Frost dates are moving earlier. — Met Almanac",
      "An aside about frost cloth.",
      "- Slugs love beer traps",
      "",
      "See you next week.",
    ].join("\n");
    const result = importPlainText(paste);
    expect(result.blocks.map((block) => block.type)).toEqual(["text", "noteworthy", "text", "noteworthy", "text"]);
    expect(blocksOf(result, "noteworthy").map((block) => block.data.title)).toEqual(["Noteworthy", "Noteworthy"]);
    expect(result.notes).toContain("1 noteworthy item has no source: add one before sending.");
    expect(result.notes).toContain("“Noteworthy” was split into 2 blocks around text between its items; check the order.");
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("reads a catch-up section as catch-up items", () => {
    const result = importPlainText("Weather Desk\n\n60-second catch up\n\n• Fog on the coast.\n• Sun inland.");
    const catchUp = only(result, "catchUp").data;
    expect(catchUp.items.map((item) => item.text)).toEqual(["Fog on the coast.", "Sun inland."]);
    expectValid(result);
  });
});

describe("importPlainText keeps pasted text literal", () => {
  const paste = [
    "Garden Notes",
    "",
    "A note on *not bold* text, <script>alert(1)</script> and [x](javascript:alert(1)).",
    "",
    "Top Stories",
    "",
    "Frost Arrives Early",
    "",
    "What’s new: Frost hit on **3 October**, <b>hard</b>, [see](javascript:alert(1)) and _this_.",
    "# not a heading",
    "",
    "Noteworthy",
    "",
    "- Tomatoes *not bold* [x](javascript:alert(1)) — Plot & Pot",
  ].join("\n");
  const result = importPlainText(paste);

  it("shows Markdown and HTML characters as typed", () => {
    const text = rendered(result);
    expect(text).toContain("A note on *not bold* text, <script>alert(1)</script> and [x](javascript:alert(1)).");
    expect(text).toContain("What’s new: Frost hit on **3 October**, <b>hard</b>, [see](javascript:alert(1)) and _this_.\n# not a heading");
    expect(text).toContain("- Tomatoes *not bold* [x](javascript:alert(1)) — Plot & Pot");
    expect(missingSentences(paste, result)).toEqual([]);
    expectValid(result);
  });

  it("stores rich text with no link, emphasis or heading in it", () => {
    const fields = richTextFields(result);
    expect(fields).toHaveLength(2);
    for (const field of fields) {
      expect(linkTargets(field)).toEqual([]);
      const tree = JSON.stringify(parseRichText(field));
      expect(tree).not.toMatch(/"type":"(?:link|strong|emphasis|list)"/);
    }
  });

  it("stores plain fields as typed, unescaped", () => {
    expect(only(result, "noteworthy").data.items[0]).toEqual({ text: "Tomatoes *not bold* [x](javascript:alert(1))", url: "", source: "Plot & Pot" });
  });
});

describe("importPlainText within the block limits", () => {
  const sentence = (n: number) => `Rain fell on day ${n} across the valley.`;

  it("moves parts past the eighth into a text block and continues the roundup after it", () => {
    const labels = Array.from({ length: 10 }, (_, n) => `Bed ${n + 1}`);
    const paste = [
      "Allotment Diary",
      "",
      "News Roundup",
      "",
      "Ten Beds in One Season",
      "",
      ...labels.flatMap((label, n) => [`${label}: ${sentence(n)}`, ""]),
      "Onions Store Well",
      "",
      "What's new: Dry them for two weeks first.",
    ].join("\n");
    const result = importPlainText(paste);
    expect(result.blocks.map((block) => block.type)).toEqual(["roundup", "text", "roundup"]);
    const [first, second] = blocksOf(result, "roundup").map((block) => block.data);
    expect(first?.stories[0]?.parts.map((part) => part.label)).toEqual(labels.slice(0, LIMITS.parts));
    expect(second?.stories.map((story) => story.headline)).toEqual(["Onions Store Well"]);
    expect(only(result, "text").data.text).toBe(`Bed 9: ${sentence(8)}\n\nBed 10: ${sentence(9)}`);
    expect(result.notes).toContain(
      "“Ten Beds in One Season” has more than 8 parts: the rest follow it as a text block, and the stories after it are in a further “News Roundup” block.",
    );
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("splits more than 30 stories into several roundup blocks", () => {
    const stories = Array.from({ length: 35 }, (_, n) => [`Storm Number ${n + 1} Passes`, "", `What's new: ${sentence(n)}`, ""]);
    const paste = ["Storm Log", "", "Weekly News Roundup", "", ...stories.flat()].join("\n");
    const result = importPlainText(paste);
    expect(blocksOf(result, "roundup").map((block) => block.data.stories.length)).toEqual([30, 5]);
    expect(result.notes).toContain("“Weekly News Roundup” has more than 30 stories: it was split into blocks of at most 30.");
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("splits an intro longer than the rich-text limit at sentence ends", () => {
    const long = Array.from({ length: 320 }, (_, n) => sentence(n)).join(" ");
    expect(long.length).toBeGreaterThan(LIMITS.richText);
    const paste = `Rain Gauge\n\n${long}`;
    const result = importPlainText(paste);
    expect(result.blocks.map((block) => block.type)).toEqual(["intro", "text"]);
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("measures the limit on the escaped Markdown, not on the pasted text", () => {
    const starry = Array.from({ length: 1500 }, (_, n) => `*${n}*`).join(" ");
    expect(starry.length).toBeLessThan(LIMITS.richText);
    const result = importPlainText(`Star Chart\n\n${starry}`);
    expect(result.blocks.length).toBeGreaterThan(1);
    expectValid(result);
    expect(collapse(result.blocks.map((block) => getBlockDefinition(block.type).toText(block.data)).join(" "))).toBe(starry);
  });

  it("continues a part too long for one body in a second part with the same label", () => {
    const long = Array.from({ length: 320 }, (_, n) => sentence(n)).join(" ");
    const paste = `Rain Gauge\n\nNews Roundup\n\nA Very Wet Year\n\nHow it works: ${long}`;
    const result = importPlainText(paste);
    const parts = only(result, "roundup").data.stories[0]?.parts ?? [];
    expect(parts.map((part) => part.label)).toEqual(["How it works", "How it works"]);
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });

  it("keeps list items too long for their field as text, in place", () => {
    const longPaper = Array.from({ length: 60 }, (_, n) => sentence(n)).join(" ");
    const longItem = Array.from({ length: 18 }, (_, n) => sentence(n)).join(" ");
    expect(longPaper.length).toBeGreaterThan(LIMITS.shortRichText);
    expect(longItem.length).toBeGreaterThan(LIMITS.oneLiner);
    const paste = [
      "Rain Gauge",
      "",
      "Trending Research",
      "",
      "• Gauges under trees read low. Read the paper Canopy Interception for more.",
      `• ${longPaper}`,
      "",
      "Noteworthy",
      "",
      `• ${longItem} — Valley Post`,
      "• Hail in May. — Valley Post",
    ].join("\n");
    const result = importPlainText(paste);
    expect(result.blocks.map((block) => block.type)).toEqual(["trendingResearch", "text", "text", "noteworthy"]);
    expect(result.notes).toContain("1 item under “Trending Research” was too long for the list and was kept as text.");
    expectValid(result);
    expect(missingSentences(paste, result)).toEqual([]);
  });
});
