import { Link, Text } from "react-email";
import type { CSSProperties, ReactNode } from "react";
import { emailStylesFor } from "../email/theme.ts";
import { renderRichText } from "./render-rich-text.tsx";

/** Rich text inside an email: tables-free inline markup with inline styles. */
export function RichTextEmail({ source, style, lead, accent }: { source: string; style?: CSSProperties; lead?: ReactNode; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  const paragraphStyle = style ? { ...emailStyles.paragraph, ...style } : emailStyles.paragraph;
  return (
    <>
      {renderRichText(source, {
        paragraph: (children, key) => (
          <Text key={key} style={paragraphStyle}>
            {children}
          </Text>
        ),
        list: (ordered, start, items, key) =>
          ordered ? (
            <ol key={key} start={start} style={emailStyles.list}>
              {items}
            </ol>
          ) : (
            <ul key={key} style={emailStyles.list}>
              {items}
            </ul>
          ),
        listItem: (children, key) => (
          <li key={key} style={emailStyles.listItem}>
            {children}
          </li>
        ),
        link: (url, children, key) => (
          <Link key={key} href={url} style={emailStyles.link}>
            {children}
          </Link>
        ),
      }, lead)}
    </>
  );
}
