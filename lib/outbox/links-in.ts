/** The http(s) links in a plain-text email part, each once, in order. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s\]>)"]+/g) ?? [])];
}
