import { isHexColor } from "../text/contrast-ratio.ts";
import { colors, emailStyles } from "./styles.ts";

function stylesFor(accent: string | undefined) {
  const custom = isHexColor(accent) ? accent : undefined;
  const theme = { accent: custom ?? colors.accent, link: custom ?? colors.link };
  return {
    ...emailStyles,
    link: { ...emailStyles.link, color: theme.link },
    sectionTitle: { ...emailStyles.sectionTitle, color: theme.accent },
    quote: { ...emailStyles.quote, borderLeft: `3px solid ${theme.accent}` },
    accent: theme.accent,
    /** A button's background: the brand colour, or the built-in near-black. */
    button: custom ?? colors.text,
  };
}

const built = new Map<string, ReturnType<typeof stylesFor>>();

/**
 * emailStyles in the publication's accent colour (Settings): section titles,
 * quote rules, numbers, links and buttons. Settings accept only a colour that
 * reads on white (4.5:1); an empty or malformed one keeps the built-in teal
 * and blue. Built once per colour. Passed down as a prop (`accent`), not a
 * React context: blocks are also drawn by Server Components, where React has
 * no context.
 */
export function emailStylesFor(accent: string | undefined) {
  const key = accent ?? "";
  let styles = built.get(key);
  if (!styles) built.set(key, (styles = stylesFor(accent)));
  return styles;
}
