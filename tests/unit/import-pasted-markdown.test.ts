import { readFileSync } from "node:fs";
import path from "node:path";
import type * as md from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { getBlockDefinition } from "@/lib/blocks/registry.ts";
import { importPastedMarkdown, importPlainText, type PlainTextImport } from "@/lib/issues/import-plain-text.ts";
import { blocksOf, expectValid, only, rendered, richTextFields } from "../helpers/imported-issue";
import { linkTargets, parseRichText, type RichInline } from "@/lib/rich-text/parse-rich-text.ts";
import { isSafeLinkUrl } from "@/lib/rich-text/safe-url.ts";
import { looksLikeMarkdown } from "@/lib/text/looks-like-markdown.ts";
import { normalizePastedText } from "@/lib/text/normalize-pasted-text.ts";

// A third party's newsletter: read at run time, never copied into the project.
const SAMPLE_PATH = path.resolve(process.cwd(), "../shared/samples/weekly-roundup.txt");
const sample = readFileSync(SAMPLE_PATH, "utf8");

function inlines(source: string): RichInline[] {
  const out: RichInline[] = [];
  const visit = (node: RichInline) => {
    out.push(node);
    if ("children" in node) node.children.forEach(visit);
  };
  const walk = (blocks: ReturnType<typeof parseRichText>["children"]) => {
    for (const block of blocks) {
      if (block.type === "paragraph") block.children.forEach(visit);
      else for (const item of block.children) walk(item.children);
    }
  };
  walk(parseRichText(source).children);
  return out;
}

const textOf = (node: RichInline): string =>
  node.type === "text" ? node.value : node.type === "break" ? "\n" : node.children.map(textOf).join("");

/** Every word the Markdown shows a reader, lower-cased and counted. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function shownWords(markdown: string): string {
  const words: string[] = [];
  const visit = (node: md.Nodes) => {
    if (node.type === "text" || node.type === "inlineCode" || node.type === "code" || node.type === "html") words.push(node.value);
    if (node.type === "image") words.push(node.alt ?? "");
    if ("children" in node) node.children.forEach(visit);
  };
  visit(fromMarkdown(markdown));
  return words.join(" ");
}

/** Words of the Markdown missing from the import (title, preheader and every block as text). */
function missingWords(markdown: string, result: PlainTextImport): string[] {
  const have = wordCounts(rendered(result));
  return [...wordCounts(shownWords(markdown))].filter(([word, count]) => (have.get(word) ?? 0) < count).map(([word]) => word);
}

// Fixtures below are written for these tests: energy and weather news.

/** What browser QA pasted: ordinary Markdown, read before as plain text. */
const QA_PASTE = [
  "# Pasted issue title",
  "",
  "Hello again: here is what happened **this week** on the grid.",
  "",
  "## Weekly News Roundup",
  "",
  "### Big battery news",
  "",
  "**What's new:** Four battery parks won contracts in the winter auction.",
  "",
  "## Noteworthy Stories",
  "",
  "- Grid storage doubles in Texas [Reuters](https://reuters.com/x)",
  "- [Heat pumps outsell boilers](https://example.com/heat-pumps) — Grid Weekly",
].join("\n");

describe("importPastedMarkdown on the QA paste", () => {
  const result = importPastedMarkdown(QA_PASTE);

  it("takes the # heading as the title, without its hashes", () => {
    expect(result.title).toBe("Pasted issue title");
    expect(result.preheader).toBe("");
  });

  it("reads the ### heading as a story's headline, and the ## headings as sections", () => {
    expect(result.blocks.map((block) => block.type)).toEqual(["intro", "roundup", "noteworthy"]);
    const roundup = only(result, "roundup").data;
    expect(roundup.title).toBe("Weekly News Roundup");
    expect(roundup.stories).toEqual([
      { id: "big-battery-news", headline: "Big battery news", url: "", parts: [{ label: "What's new", body: "Four battery parks won contracts in the winter auction." }] },
    ]);
    expectValid(result);
  });

  it("keeps the intro's bold as bold, with no backslashes added", () => {
    const intro = only(result, "intro").data.text;
    expect(intro).not.toContain("\\");
    const bold = inlines(intro).filter((node) => node.type === "strong");
    expect(bold.map(textOf)).toEqual(["this week"]);
    expect(getBlockDefinition("intro").toText(only(result, "intro").data)).toBe("Hello again: here is what happened this week on the grid.");
  });

  it("gives noteworthy items the link's address, and a source from a trailing link or a “— Source”", () => {
    const noteworthy = only(result, "noteworthy").data;
    expect(noteworthy.title).toBe("Noteworthy Stories");
    expect(noteworthy.items).toEqual([
      { text: "Grid storage doubles in Texas", url: "https://reuters.com/x", source: "Reuters" },
      { text: "Heat pumps outsell boilers", url: "https://example.com/heat-pumps", source: "Grid Weekly" },
    ]);
  });

  it("says it read Markdown, and asks only for the links it did not find", () => {
    expect(result.notes).toEqual([
      "The paste was read as Markdown: headings, bold, italics and links were kept.",
      "1 story, paper or item has no link: add one before sending.",
    ]);
  });
});

const FULL_ISSUE = [
  "Grid Notes: Batteries and a Windy Week",
  "======================================",
  "",
  "*Issue 12 of the energy letter*",
  "",
  "Hello again. The wind blew _all week_, and the [operator's report](https://example.com/report) says so.",
  "",
  "## Weekly News Roundup",
  "",
  "### [Batteries Win the Capacity Auction](https://example.com/auction)",
  "",
  "**What’s new:** Four battery parks won contracts in the winter auction. They start in **2027**.",
  "",
  "The prices were not published.",
  "",
  "**My take**: Storage is now the cheapest firm capacity on offer.",
  "",
  "- no fuel risk",
  "- *firm* output at known hours",
  "",
  "#### How it works",
  "",
  "Each park charges at night and sells into the evening peak. See `dispatch` rules.",
  "",
  "### Is Coal Finished?",
  "",
  "**What's new:** Three plants closed in one month.",
  "",
  "**Why it matters:** The last one heated a town.",
  "",
  "## Trending Research",
  "",
  "1. Harmonic models predict a year of tidal output to within 2%. Read the paper [Forecasting Tidal Output](https://example.org/papers/tides) for more.",
  "2. A survey of 400 gardens finds that mulch halves watering.",
  "",
  "## 60-Second Catch-Up",
  "",
  "* Fog on the **coast**.",
  "* Sun inland, says the [forecast](https://example.com/forecast).",
  "",
  "## Noteworthy",
  "",
  "- Why harbour towns bid for turbine yards — [Example Times](https://example.com/harbours)",
  "- A field guide to connection queues ([Grid Weekly](https://example.net/queues))",
  "- The eclipse forecast is out: [read it](https://example.com/eclipse) — Weather Desk",
  "- Solar on [every school roof](https://example.com/schools)",
  "",
  "---",
  "",
  "Thanks for reading. Reply to [the editor](mailto:editor@example.com) with tips.",
].join("\n");

describe("importPastedMarkdown on a whole issue", () => {
  const result = importPastedMarkdown(FULL_ISSUE);

  it("reads the underlined title, the italic subtitle and every section", () => {
    expect(result.title).toBe("Grid Notes: Batteries and a Windy Week");
    expect(result.preheader).toBe("Issue 12 of the energy letter");
    expect(result.blocks.map((block) => block.type)).toEqual(["intro", "roundup", "trendingResearch", "catchUp", "noteworthy", "text"]);
    expectValid(result);
    expect(missingWords(FULL_ISSUE, result)).toEqual([]);
  });

  it("reads stories with What's new, My take and How it works parts, bold or as a heading", () => {
    const roundup = only(result, "roundup").data;
    expect(roundup.stories.map((story) => [story.headline, story.url, story.parts.map((part) => part.label)])).toEqual([
      ["Batteries Win the Capacity Auction", "https://example.com/auction", ["What’s new", "My take", "How it works"]],
      // A heading is a headline though it ends like a sentence.
      ["Is Coal Finished?", "", ["What's new", "Why it matters"]],
    ]);
    const [whatsNew, myTake, howItWorks] = roundup.stories[0]?.parts ?? [];
    expect(whatsNew?.body.split("\n\n")).toHaveLength(2);
    expect(inlines(whatsNew?.body ?? "").filter((node) => node.type === "strong").map(textOf)).toEqual(["2027"]);
    // The list under "My take" stays a list, its emphasis kept.
    const takeTree = parseRichText(myTake?.body ?? "");
    expect(takeTree.children.map((block) => block.type)).toEqual(["paragraph", "list"]);
    expect(inlines(myTake?.body ?? "").filter((node) => node.type === "emphasis").map(textOf)).toEqual(["firm"]);
    // Inline code is not in the rich-text subset: its words stay, as text.
    expect(getBlockDefinition("roundup").toText(roundup)).toContain("See dispatch rules.");
    expect(howItWorks?.body).not.toContain("`");
  });

  it("keeps the intro's italics and link", () => {
    const intro = only(result, "intro").data.text;
    expect(inlines(intro).filter((node) => node.type === "emphasis").map(textOf)).toEqual(["all week"]);
    expect(linkTargets(intro)).toEqual(["https://example.com/report"]);
  });

  it("titles and links a paper from its “Read the paper [Title](…) for more.” sentence", () => {
    const research = only(result, "trendingResearch").data;
    expect(research.papers.map((paper) => [paper.title, paper.url])).toEqual([
      ["Forecasting Tidal Output", "https://example.org/papers/tides"],
      ["", ""],
    ]);
    expect(linkTargets(research.papers[0]?.summary ?? "")).toEqual(["https://example.org/papers/tides"]);
  });

  it("keeps catch-up items' marks in their rich text", () => {
    const catchUp = only(result, "catchUp").data;
    expect(catchUp.title).toBe("60-Second Catch-Up");
    expect(catchUp.items.map((item) => inlines(item.text).filter((node) => node.type !== "text").map((node) => node.type))).toEqual([["strong"], ["link"]]);
  });

  it("reads each noteworthy item's link and source, whichever way the list writes them", () => {
    expect(only(result, "noteworthy").data.items).toEqual([
      { text: "Why harbour towns bid for turbine yards", url: "https://example.com/harbours", source: "Example Times" },
      { text: "A field guide to connection queues", url: "https://example.net/queues", source: "Grid Weekly" },
      { text: "The eclipse forecast is out: read it", url: "https://example.com/eclipse", source: "Weather Desk" },
      // A link that is no name ends the item without giving a source; the editor is asked for one.
      { text: "Solar on every school roof", url: "https://example.com/schools", source: "" },
    ]);
    expect(result.notes).toContain("1 noteworthy item has no source: add one before sending.");
  });

  it("keeps the footer after the rule, with its mailto link", () => {
    const footer = result.blocks.at(-1);
    expect(footer?.type === "text" && linkTargets(footer.data.text)).toEqual(["mailto:editor@example.com"]);
  });
});

describe("importPastedMarkdown keeps only what rich text allows", () => {
  const paste = [
    "# Weather Desk",
    "",
    "A <b>hard</b> frost, `code`, ![a chart of frost](https://example.com/chart.png), [bad](javascript:alert(1)),",
    "[data](data:text/html,hi), [relative](/issues/1) and [fine](https://example.com/fine).",
    "",
    "> A quoted **bold** line.",
    "",
    "```",
    "<script>alert(1)</script>",
    "# not a heading",
    "```",
    "",
    "<div onclick=\"alert(1)\">raw</div>",
    "",
    "## Noteworthy",
    "",
    "- Hail in May [Valley Post](javascript:alert(1))",
  ].join("\n");
  const result = importPastedMarkdown(paste);

  it("links only to http(s) and mailto addresses", () => {
    const fields = richTextFields(result);
    expect(fields.length).toBeGreaterThan(0);
    const targets = fields.flatMap((field) => [...linkTargets(field)]);
    expect(targets).toEqual(["https://example.com/fine"]);
    for (const target of targets) expect(isSafeLinkUrl(target)).toBe(true);
    expect(only(result, "noteworthy").data.items).toEqual([{ text: "Hail in May Valley Post", url: "", source: "" }]);
    expectValid(result);
  });

  it("shows HTML, code and quotations as their text, and an image as its description", () => {
    const text = rendered(result);
    expect(text).toContain("A <b>hard</b> frost, code, a chart of frost, bad,\ndata, relative and fine (https://example.com/fine).");
    expect(text).toContain("A quoted bold line.");
    expect(text).toContain("<script>alert(1)</script>\n# not a heading");
    expect(text).toContain('<div onclick="alert(1)">raw</div>');
    const nodes = richTextFields(result).flatMap(inlines);
    expect(nodes.filter((node) => node.type === "link")).toHaveLength(1);
    expect(missingWords(paste, result)).toEqual([]);
  });
});

/** The sample issue written as Markdown: # title, ## sections, ### headlines, bold labels, "- " bullets. */
function sampleAsMarkdown(): { markdown: string; plain: PlainTextImport } {
  const plain = importPlainText(sample);
  const sections = new Set(plain.blocks.flatMap((block) => ("title" in block.data && typeof block.data.title === "string" ? [block.data.title] : [])));
  const stories = blocksOf(plain, "roundup").flatMap((block) => block.data.stories);
  const headlines = new Set(stories.map((story) => story.headline));
  const labels = new Set(stories.flatMap((story) => story.parts.map((part) => part.label)));
  const sources = blocksOf(plain, "noteworthy").flatMap((block) => block.data.items.map((item) => item.source));
  const markdown = normalizePastedText(sample)
    .text.split("\n")
    .map((line) => {
      const text = line.trim();
      if (text === plain.title) return `# ${text}`;
      if (sections.has(text)) return `## ${text}`;
      if (headlines.has(text)) return `### ${text}`;
      const label = [...labels].find((candidate) => text.startsWith(`${candidate}: `));
      if (label) return `**${label}:** ${text.slice(label.length + 2)}`;
      const source = sources.find((candidate) => candidate && text.endsWith(` — ${candidate}`));
      const item = text.replace(/^•\s+/u, "- ");
      if (source) return `${item.slice(0, -source.length)}[${source}](https://example.com/${sources.indexOf(source)})`;
      return item;
    })
    .join("\n");
  return { markdown, plain };
}

describe("importPastedMarkdown on the sample issue written as Markdown", () => {
  const { markdown, plain } = sampleAsMarkdown();
  const result = importPastedMarkdown(markdown);

  it("reads the same title, sections, stories, parts and papers as the plain text", () => {
    expect(looksLikeMarkdown(markdown)).toBe(true);
    expect(result.title).toBe(plain.title);
    expect(result.preheader).toBe(plain.preheader);
    expect(result.blocks.map((block) => block.type)).toEqual(plain.blocks.map((block) => block.type));
    expect(only(result, "roundup")).toEqual(only(plain, "roundup"));
    expect(only(result, "trendingResearch")).toEqual(only(plain, "trendingResearch"));
    expectValid(result);
  });

  it("takes each noteworthy item's source from its link, with the link's address", () => {
    const items = only(result, "noteworthy").data.items;
    expect(items.map((item) => ({ ...item, url: "" }))).toEqual(only(plain, "noteworthy").data.items);
    expect(items.map((item) => item.url)).toEqual(items.map((_, index) => `https://example.com/${index}`));
  });
});

describe("looksLikeMarkdown", () => {
  it.each([
    ["the QA paste", QA_PASTE],
    ["a whole Markdown issue", FULL_ISSUE],
    ["one link in brackets", "Weather Desk\n\nSee [the report](https://example.com/report)."],
    ["a reference link", "Weather Desk\n\nSee [the report][1].\n\n[1]: https://example.com/report"],
    ["a # title", "# Weather Desk\n\nIt rained."],
    ["two ## headings", "Weather Desk\n\n## Noteworthy\n\n- Rain\n\n## Research\n\n- Hail"],
    ["two lines starting in bold", "Weather Desk\n\n**Rain Again**\n\n**What's new:** It rained."],
  ])("reads %s as Markdown", (_, paste) => {
    expect(looksLikeMarkdown(paste)).toBe(true);
  });

  it.each([
    ["the sample issue", sample],
    ["a stray asterisk and bold inside a sentence", "Weather Desk\n\nIt rained * twice, on **Monday** and *Tuesday.\n\nSee you."],
    ["a stray “# ” line under the title", "Weather Desk\n\nWhat’s new: Frost hit on **3 October** and _this_.\n# not a heading"],
    ["a link to a script", "Weather Desk\n\nA [link](javascript:alert(1)) and [another](data:text/html,x)."],
    ["addresses in angle brackets, as plain-text email writes them", "Weather Desk\n\nRead it at <https://example.com/a>.\n\n- Hail — Valley Post <https://example.com/b>"],
    ["an underlined title and separators", "Weather Desk\n============\n\nNoteworthy\n----------\n\n* Fog\n* Sun"],
    ["one line starting in bold", "Weather Desk\n\n**Note:** it rained."],
    ["file names that CommonMark reads as bold", "Python Weekly #12\n\n__init__.py marks a package.\n__main__.py runs it."],
  ])("reads %s as plain text", (_, paste) => {
    expect(looksLikeMarkdown(paste)).toBe(false);
  });
});

describe("plain text is still read as plain text", () => {
  it("leaves the plain importer's reading of the sample and of literal marks unchanged", () => {
    const literal = [
      "Garden Notes",
      "",
      "A note on *not bold* text and [x](javascript:alert(1)).",
      "",
      "Noteworthy",
      "",
      "- Tomatoes *not bold* — Plot & Pot",
    ].join("\n");
    expect(looksLikeMarkdown(literal)).toBe(false);
    const result = importPlainText(literal);
    expect(only(result, "noteworthy").data.items).toEqual([{ text: "Tomatoes *not bold*", url: "", source: "Plot & Pot" }]);
    expect(result.notes).toContain("Plain text carries no links: add the link of each story, paper and item before sending.");
    expect(result.notes).not.toContain("The paste was read as Markdown: headings, bold, italics and links were kept.");
  });
});
