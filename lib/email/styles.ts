import type { CSSProperties } from "react";

/**
 * Inline styles for every email component. Plain objects, not Tailwind: the
 * Tailwind wrapper costs tens of milliseconds per render. Colours are mid-dark
 * text on white with a light grey frame, which clients that force dark mode
 * invert legibly; the dark-mode <style> in the layout refines it where
 * `prefers-color-scheme` is supported (Apple Mail, iOS, some Outlook).
 */
export const colors = {
  text: "#1f2328",
  muted: "#57606a",
  link: "#0b57d0",
  rule: "#d8dee4",
  frame: "#f3f4f6",
  card: "#ffffff",
  accent: "#0f766e",
} as const;

export const fontStack =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

const paragraph: CSSProperties = { fontSize: "16px", lineHeight: "26px", margin: "0 0 16px", color: colors.text };

export const emailStyles = {
  paragraph,
  list: { margin: "0 0 16px", paddingLeft: "24px", color: colors.text, fontSize: "16px", lineHeight: "26px" },
  listItem: { margin: "0 0 6px" },
  link: { color: colors.link, textDecoration: "underline" },
  sectionTitle: {
    fontSize: "13px",
    lineHeight: "18px",
    letterSpacing: "0.08em",
    textTransform: "uppercase",
    fontWeight: 700,
    color: colors.accent,
    margin: "32px 0 16px",
  },
  storyHeadline: { fontSize: "21px", lineHeight: "28px", fontWeight: 700, color: colors.text, margin: "24px 0 12px" },
  itemHeadline: { fontSize: "17px", lineHeight: "24px", fontWeight: 700, color: colors.text, margin: "0 0 6px" },
  partLabel: { fontWeight: 700, color: colors.text },
  muted: { fontSize: "14px", lineHeight: "22px", color: colors.muted, margin: "0 0 16px" },
  caption: { fontSize: "14px", lineHeight: "20px", color: colors.muted, margin: "8px 0 20px" },
  image: { display: "block", width: "100%", maxWidth: "552px", height: "auto", border: 0, borderRadius: "4px" },
  rule: { borderColor: colors.rule, borderTopWidth: "1px", margin: "28px 0" },
  quote: {
    borderLeft: `3px solid ${colors.accent}`,
    padding: "4px 0 4px 16px",
    margin: "0 0 20px",
  },
} satisfies Record<string, CSSProperties>;

/** The content column: 600 px wide with 24 px padding leaves 552 px for images. */
export const CONTENT_WIDTH = 552;
