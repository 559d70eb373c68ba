import { isHexColor, lightenForDark } from "../text/contrast-ratio.ts";

/** The site's dark scheme's background (app/globals.css). */
export const SITE_DARK_BACKGROUND = "#121212";

/**
 * The site's CSS for the publication's accent colour (Settings): its links and
 * buttons, as chosen in the light scheme, and in the dark scheme lightened
 * just enough to read on its near-black (one colour cannot read on both).
 * Settings and a CHECK constraint hold it to #rrggbb; it is checked again
 * here, as it goes into CSS.
 */
export function brandCss(accent: string): string {
  if (!isHexColor(accent)) return "/* The built-in colours (Settings → Accent colour is empty). */\n";
  const dark = lightenForDark(accent, SITE_DARK_BACKGROUND);
  return `@media (prefers-color-scheme: light) {\n  :root { --accent: ${accent}; }\n}\n@media (prefers-color-scheme: dark) {\n  :root { --accent: ${dark}; }\n}\n`;
}
