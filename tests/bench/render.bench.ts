/**
 * npm run bench:render — how fast an issue renders, and what a send costs per recipient.
 *
 * 1. Full render of the demo issue (HTML + plain text, with merge tokens): median and p95
 *    over RUNS renders after a warm-up; once with the parsed-rich-text cache warm (a send,
 *    a preview refresh) and once with it cleared before every render (a first render).
 * 2. Personalisation: substituting each recipient's links into the rendered template, for
 *    100,000 recipients. Each result is forced into a flat string (V8 otherwise keeps a
 *    concatenation as a lazy rope), so the figure is the cost of a string ready to hand to
 *    a transport. Encoding it to UTF-8 bytes is the transport's work, whatever produced the
 *    string; it is printed separately for information.
 * 3. Baseline in the same run: the naive way, a react-email render per recipient, for a
 *    sample of recipients; the ratio is naive per-recipient cost / our per-recipient cost.
 *
 * Targets (issue #3): render median ≤ 25 ms, personalisation ≤ 20 µs per recipient,
 * ratio ≥ 500×. Figures are printed, never asserted: these 2-core machines are noisy.
 */
import { createElement } from "react";
import { render } from "react-email";
import IssueEmail from "../../emails/issue.tsx";
import { clearRichTextCache } from "../../lib/rich-text/parse-rich-text.ts";
import { personalizeEmail, renderIssueEmail } from "../../lib/issues/render-issue-email.ts";
import { renderIssueText } from "../../lib/issues/render-issue-text.ts";
import { machineLine, percentile, timeEach } from "./machine.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const RECIPIENTS = 100_000;
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 200);

const { links: _previewLinks, ...view } = IssueEmail.PreviewProps;
const recipientLinks = (i: number) => ({
  unsubscribeUrl: `https://gridnotes.example/unsubscribe?token=${i.toString(36).padStart(8, "0")}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`,
  preferencesUrl: `https://gridnotes.example/preferences?token=${i.toString(36).padStart(8, "0")}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`,
});

console.log(machineLine());
console.log(`issue: demo #${view.issue.number}, ${view.blocks.length} blocks`);

for (let i = 0; i < 30; i++) await renderIssueEmail(view);

const warm = await timeEach(RUNS, () => renderIssueEmail(view));
const cold = await timeEach(RUNS, () => {
  clearRichTextCache();
  return renderIssueEmail(view);
});
const rendered = await renderIssueEmail(view);
console.log(`\nfull render (HTML ${(rendered.htmlBytes / 1024).toFixed(1)} KB + text), ${RUNS} runs:`);
console.log(`  warm cache: median ${percentile(warm, 50).toFixed(2)} ms, p95 ${percentile(warm, 95).toFixed(2)} ms`);
console.log(`  cold cache: median ${percentile(cold, 50).toFixed(2)} ms, p95 ${percentile(cold, 95).toFixed(2)} ms   (target: median ≤ 25 ms)`);

/** Reading a character makes V8 flatten a rope into one contiguous string. */
const flatten = (text: string) => text.charCodeAt(text.length >> 1);

let checksum = 0;
const personalizeStart = performance.now();
for (let i = 0; i < RECIPIENTS; i++) {
  const email = personalizeEmail(rendered, recipientLinks(i));
  checksum += flatten(email.html) + flatten(email.text);
}
const personalizeMs = performance.now() - personalizeStart;
const perRecipientUs = (personalizeMs * 1000) / RECIPIENTS;
console.log(`\npersonalisation, ${RECIPIENTS.toLocaleString("en")} recipients: ${personalizeMs.toFixed(0)} ms in all, ${perRecipientUs.toFixed(2)} µs per recipient   (target: ≤ 20 µs)`);

let bytes = 0;
const encodeStart = performance.now();
for (let i = 0; i < RECIPIENTS / 10; i++) {
  const email = personalizeEmail(rendered, recipientLinks(i));
  bytes += Buffer.byteLength(email.html) + Buffer.byteLength(email.text);
}
const encodeUs = ((performance.now() - encodeStart) * 1000) / (RECIPIENTS / 10);
console.log(`  for information, personalisation + UTF-8 encoding (an SMTP transport's share): ${encodeUs.toFixed(2)} µs per recipient, ${(bytes / (RECIPIENTS / 10) / 1024).toFixed(1)} KB each`);

const naive = await timeEach(NAIVE_SAMPLE, async () => {
  const links = recipientLinks(Math.floor(Math.random() * RECIPIENTS));
  clearRichTextCache();
  checksum += flatten(await render(createElement(IssueEmail, { ...view, links }))) + flatten(renderIssueText(view, links));
});
const naiveMeanMs = naive.reduce((sum, t) => sum + t, 0) / naive.length;
const oursPerRecipientUs = perRecipientUs + (percentile(warm, 50) * 1000) / RECIPIENTS;
console.log(`\nbaseline, naive react-email render per recipient (sample of ${NAIVE_SAMPLE}): mean ${naiveMeanMs.toFixed(2)} ms, median ${percentile(naive, 50).toFixed(2)} ms`);
console.log(`  ours per recipient (personalisation + render amortised over ${RECIPIENTS.toLocaleString("en")}): ${oursPerRecipientUs.toFixed(2)} µs`);
console.log(`  ratio: ${((naiveMeanMs * 1000) / oursPerRecipientUs).toFixed(0)}×   (target: ≥ 500×)`);
console.log(`(checksum ${checksum})`);
console.log(`  naive for all ${RECIPIENTS.toLocaleString("en")}: ~${((naiveMeanMs * RECIPIENTS) / 60000).toFixed(1)} min vs ours ~${((oursPerRecipientUs * RECIPIENTS) / 1e6).toFixed(1)} s`);
