import type { ReactElement } from "react";
import { render } from "react-email";

/**
 * A React element as plain HTML, outside a page: feeds, previews. react-email's
 * render is React's server renderer behind an import Next allows in server
 * code; its doctype and React's hydration comments mean nothing there.
 */
export async function renderStaticHtml(element: ReactElement): Promise<string> {
  const html = await render(element);
  return html.replace(/^<!DOCTYPE[^>]*>/i, "").replace(/<!--(?:\/?\$|\s*)-->/g, "");
}
