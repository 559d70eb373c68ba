import fs from "node:fs/promises";
import path from "node:path";
import { createElement } from "react";
import { escapeHtml } from "../text/escape-html.ts";
import { renderStaticHtml } from "../web/render-static-html.ts";
import { IssueBlocks } from "../../components/issue/issue-blocks.tsx";
import { parseEachBlock, type ContentProblem } from "../blocks/parse-blocks.ts";
import type { Database } from "../db/client";
import { loadIssueView } from "../delivery/load-issue-view.ts";
import { blocksFor, type Channel } from "./channel.ts";
import { checkContentSize } from "./check-content-size.ts";
import { checkEmailSize, checkIssueContent } from "./check-issue.ts";
import { blocksForWeb, issueTextForWeb } from "./published.ts";
import { personalizeEmail, renderIssueEmail } from "./render-issue-email.ts";

export const PREVIEW_MODES = ["email", "web", "text"] as const;
export type PreviewMode = (typeof PREVIEW_MODES)[number];

export type Preview = { html: string; problems: ContentProblem[] } | { html: null; problems: ContentProblem[] };

/** A made-up reader, so {{name}} and {{email}} show what a subscriber would see. */
const PREVIEW_READER = { unsubscribeUrl: "#unsubscribe-preview", preferencesUrl: "#preferences-preview", name: "Alex Reader", email: "alex@example.com" };

let siteCss: Promise<string> | undefined;

/**
 * Unsaved content drawn by the renderers a send and the archive use, plus
 * the pre-send checks. Content that does not fit its schemas yet gets its
 * problems and no picture (the renderers only draw valid blocks).
 */
export async function renderPreview(prisma: Database, options: { issueId: string; mode: PreviewMode; content: { title: string; preheader: string; blocks: unknown } }): Promise<Preview | null> {
  const found = await loadIssueView(prisma, options.issueId);
  if (!found) return null;
  // The composer sends no preview of content too large to save; a request that does gets the reason, not a render of 2 MB.
  const tooLarge = checkContentSize(JSON.stringify(options.content));
  if (tooLarge) return { html: null, problems: [tooLarge] };
  const checked = checkIssueContent({ title: options.content.title, blocks: options.content.blocks });
  const problems = checked.ok ? [] : checked.problems;
  // Blocks that fail their schema are left out of the picture (their problems are listed); the rest render.
  const { valid } = parseEachBlock(options.content.blocks);
  const raw = options.content.blocks as { channel?: Channel }[];
  const shown = blocksFor(options.mode === "web" ? "web" : "email", valid.map(({ index, block }) => ({ block, channel: raw[index]?.channel })));
  const view = {
    ...found.view,
    issue: { ...found.view.issue, title: options.content.title, preheader: options.content.preheader },
    blocks: shown.map(({ block }) => block),
  };
  if (options.mode !== "web") {
    const rendered = await renderIssueEmail(view);
    const email = personalizeEmail(rendered, PREVIEW_READER);
    return { html: options.mode === "text" ? wrapText(email.text) : email.html, problems: [...problems, ...checkEmailSize(rendered.htmlBytes)] };
  }
  siteCss ??= fs.readFile(path.join(process.cwd(), "app", "globals.css"), "utf8").catch(() => "");
  // As the site shows it (lib/issues/get-published-issue.ts): `{{name|there}}` greetings resolved for nobody in particular.
  const body = await renderStaticHtml(createElement(IssueBlocks, { blocks: blocksForWeb(view.blocks) }));
  const title = escapeHtml(issueTextForWeb(view.issue).title);
  return {
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>${await siteCss}</style></head><body><main class="site"><header class="issue-header"><h1>${title}</h1></header>${body}</main></body></html>`,
    problems,
  };
}

function wrapText(text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>body{margin:16px;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;color:#1a1a1a;background:#fff}</style></head><body>${escapeHtml(text)}</body></html>`;
}
