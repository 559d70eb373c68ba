import type { Highlighted } from "@/lib/search/highlight";

/** Search text with its matches in <mark>; every segment is text, escaped by React. */
export function HighlightedText({ segments }: { segments: Highlighted }) {
  return segments.map((segment, index) => (segment.mark ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>));
}
