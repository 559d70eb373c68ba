/** Shared layout for the text/plain part of an email. */

/** A heading underlined to its own width: "=" for sections, "-" for stories. */
export function underlined(text: string, rule: "=" | "-"): string {
  const width = Math.max(3, [...text].length);
  return `${text}\n${rule.repeat(width)}`;
}

/** "Headline (https://…)" when there is a link, else the headline. */
export function withUrl(text: string, url: string): string {
  return url ? `${text} (${url})` : text;
}

export function joinText(parts: (string | false | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part)).join("\n\n");
}
