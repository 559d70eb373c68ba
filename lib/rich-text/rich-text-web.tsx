import type { ReactNode } from "react";
import { renderRichText } from "./render-rich-text.tsx";

/** Rich text on the web archive; styled by the site's stylesheet. */
export function RichTextWeb({ source, lead }: { source: string; lead?: ReactNode }) {
  return (
    <>
      {renderRichText(source, {
        paragraph: (children, key) => <p key={key}>{children}</p>,
        list: (ordered, start, items, key) =>
          ordered ? (
            <ol key={key} start={start === 1 ? undefined : start}>
              {items}
            </ol>
          ) : (
            <ul key={key}>{items}</ul>
          ),
        listItem: (children, key) => <li key={key}>{children}</li>,
        link: (url, children, key) => (
          <a key={key} href={url} rel="noopener noreferrer">
            {children}
          </a>
        ),
      }, lead)}
    </>
  );
}
