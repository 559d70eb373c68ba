import type { Database } from "../db/client";
import { authorize, type Actor } from "../auth/permissions.ts";
import { stripControlCharacters } from "../text/control-characters.ts";
import { parseIssueContent } from "./issue-content.ts";
import { writeIssueContent, type SaveIssueInput, type SaveIssueResult } from "./save-issue.ts";

export const CORRECTION_NOTE_MAX = 1000;

/**
 * Corrects the web version of a sent issue: its title, blocks and topics change
 * on the site and in the feeds, and the page shows the note with its date. The
 * email already went out, so whether the issue is on the web or in email only
 * is not for a correction to change: `channel` is ignored.
 */
export async function correctIssue(prisma: Database, actor: Actor, input: SaveIssueInput & { note: unknown }): Promise<SaveIssueResult> {
  authorize(actor, "issue.correct");
  // Read as every text field is (lib/blocks/fields.ts): a pasted soft line break is a space, not a box on the page.
  const note = typeof input.note === "string" ? stripControlCharacters(input.note).trim() : "";
  const parsed = parseIssueContent({ ...input, channel: undefined });
  const problems = parsed.ok ? [] : [...parsed.problems];
  if (!note) problems.unshift({ blockIndex: null, path: ["note"], message: "Say what was corrected: readers see this note on the issue's page." });
  else if (note.length > CORRECTION_NOTE_MAX) problems.unshift({ blockIndex: null, path: ["note"], message: `The note is longer than ${CORRECTION_NOTE_MAX} characters.` });
  if (!parsed.ok || problems.length > 0) return { ok: false, reason: "invalid", problems };
  return writeIssueContent(prisma, actor, { issueId: input.issueId, expectedVersion: input.expectedVersion, content: parsed.content, correction: { note } });
}
