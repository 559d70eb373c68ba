import { ImageResponse } from "next/og";
import { db } from "@/lib/db/client";
import { getPublishedIssue } from "@/lib/issues/get-published-issue";
import { formatIssueDate } from "@/lib/issues/issue-view";
import { parseIssuePath } from "@/lib/issues/issue-path";
import { getPublication } from "@/lib/publication/get-publication";

export const alt = "The issue's title and number";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

/** A card per issue for link previews: the publication, the number and date, the title. next/og's own font, nothing fetched. */
export default async function OpenGraphImage({ params }: { params: Promise<{ path: string }> }) {
  const wanted = parseIssuePath((await params).path);
  const prisma = db();
  const publication = await getPublication(prisma);
  const issue = wanted && publication ? await getPublishedIssue(prisma, { publicationId: publication.id, number: wanted.number }) : null;
  const title = issue?.title ?? publication?.name ?? "Weekly";
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: "72px", background: "#fdfdfb", color: "#1a1a1a" }}>
        <div style={{ display: "flex", fontSize: 36, color: "#0b5cad", fontWeight: 700 }}>{publication?.name ?? "Weekly"}</div>
        <div style={{ display: "flex", fontSize: title.length > 90 ? 52 : 64, lineHeight: 1.15, fontWeight: 800 }}>{title}</div>
        <div style={{ display: "flex", fontSize: 30, color: "#5c5c5c" }}>
          {issue ? `Issue #${issue.number}${issue.publishedAt && publication ? ` · ${formatIssueDate(issue.publishedAt, publication.timezone)}` : ""}` : ""}
        </div>
      </div>
    ),
    size,
  );
}
