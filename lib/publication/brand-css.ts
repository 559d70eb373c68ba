/**
 * The site's CSS for the publication's accent colour (Settings): its links and
 * buttons in the light scheme only, since the dark scheme's light blue is
 * there to read on black and one colour cannot do both. Settings and a CHECK
 * constraint hold it to #rrggbb; it is checked again here, as it goes into CSS.
 */
export function brandCss(accent: string): string {
  if (!/^#[0-9a-f]{6}$/.test(accent)) return "/* The built-in colours (Settings → Accent colour is empty). */\n";
  return `@media (prefers-color-scheme: light) {\n  :root { --accent: ${accent}; }\n}\n`;
}
