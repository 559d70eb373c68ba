
export type StoryRef = { id: string; headline: string };

/**
 * The stories in a block: every object in its data with an anchor `id` and a
 * headline (roundup stories, top stories, catch-up items, papers…), in order.
 * The ids are the anchors the web renderers put on the page.
 */
export function listStories(block: { data: unknown }): StoryRef[] {
  return listStoryRecords(block).map(({ id, headline }) => ({ id, headline }));
}

/** The same stories with the whole object each came from (its text, for search). */
export function listStoryRecords(block: { data: unknown }): (StoryRef & { record: Record<string, unknown> })[] {
  const found: (StoryRef & { record: Record<string, unknown> })[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    const headline = [record.headline, record.title].find((text): text is string => typeof text === "string" && text.trim() !== "");
    if (typeof record.id === "string" && record.id && headline) found.push({ id: record.id, headline, record });
    Object.values(record).forEach(visit);
  };
  visit(block.data);
  return found;
}
