/** The "WEEKLY NEWS ROUNDUP" title that opens a section block, in each output. */
import { Heading } from "react-email";
import { emailStylesFor } from "../email/theme.ts";
import { write } from "./markdown-kit.ts";
import { underlined } from "./text-kit.ts";

export function SectionTitleEmail({ title, accent }: { title: string; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return title ? (
    <Heading as="h2" style={emailStyles.sectionTitle}>
      {title}
    </Heading>
  ) : null;
}

export function SectionTitleWeb({ title }: { title: string }) {
  return title ? <h2 className="section-title">{title}</h2> : null;
}

export function sectionTitleText(title: string): string {
  return title ? underlined(title.toUpperCase(), "=") : "";
}

export function sectionTitleMarkdown(title: string): string {
  return write({ type: "heading", depth: 2, children: [{ type: "text", value: title }] });
}
