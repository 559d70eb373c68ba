/** Anchor ids from headlines: "AI Can Identify Lip-Syncing" → "ai-can-identify-lip-syncing". */
export function slugify(text: string, fallback = "story", maxLength = 48): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return slug || fallback;
}

/** The same ids with "-2", "-3"… added to repeats, so every anchor on a page is unique. */
export function uniqueIds(ids: string[], taken: Set<string> = new Set()): string[] {
  return ids.map((id) => {
    let candidate = id;
    for (let n = 2; taken.has(candidate); n++) candidate = `${id.slice(0, 60)}-${n}`;
    taken.add(candidate);
    return candidate;
  });
}
