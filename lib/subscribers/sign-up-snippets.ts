import { escapeHtml } from "../text/escape-html";
import { SUBSCRIBE_EMAIL_MAX, SUBSCRIBE_NAME_MAX } from "./subscribe-limits.ts";

/** Pixels that hold /embed with a two-line description, the form and its note (the editor's preview uses it too). */
export const EMBED_HEIGHT = 380;

export type SignUpSnippets = {
  /** The standalone page, to link to. */
  pageUrl: string;
  /**
   * A plain HTML form for another site's page: it takes that site's styles and
   * needs no script. It posts to /api/subscribe, which sends the reader on to
   * this site's "check your inbox" page.
   */
  form: string;
  /** An iframe of /embed: the form keeps the reader on the other site's page and answers inside the frame. */
  frame: string;
};

/**
 * What an editor pastes into another site to collect sign-ups. Both carry the
 * honeypot field the endpoint checks (`website`: people never see it, bots
 * fill it) and post nothing but the address and an optional name, so every
 * answer is the same whatever the address's state. The fields carry the
 * endpoint's limits as `maxlength`, so a reader is stopped by the browser rather
 * than sent to an error page. The publication's name is escaped, since it goes
 * into someone else's HTML.
 */
export function signUpSnippets(publication: { name: string; siteUrl: string }): SignUpSnippets {
  const site = publication.siteUrl.replace(/\/+$/, "");
  const name = escapeHtml(publication.name);
  const form = [
    `<form method="post" action="${escapeHtml(site)}/api/subscribe">`,
    `  <label for="newsletter-email">Email</label>`,
    `  <input id="newsletter-email" name="email" type="email" autocomplete="email" maxlength="${SUBSCRIBE_EMAIL_MAX}" required>`,
    `  <label for="newsletter-name">Name (optional)</label>`,
    `  <input id="newsletter-name" name="name" autocomplete="name" maxlength="${SUBSCRIBE_NAME_MAX}">`,
    `  <!-- Left empty by people, filled by bots: keep it hidden. -->`,
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><input name="website" tabindex="-1" autocomplete="off"></div>`,
    `  <button type="submit">Subscribe to ${name}</button>`,
    `</form>`,
  ].join("\n");
  const frame = [
    `<iframe src="${escapeHtml(site)}/embed" title="Subscribe to ${name}"`,
    `  width="100%" height="${EMBED_HEIGHT}" style="border:0;max-width:32rem" loading="lazy"></iframe>`,
  ].join("\n");
  return { pageUrl: `${site}/subscribe`, form, frame };
}
