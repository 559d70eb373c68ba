import { stringify } from "csv-stringify";
import type { Database } from "../db/client";
import { SUBSCRIBER_ORDER, subscriberWhere, type SubscriberFilter, type SubscriberSort } from "./list-subscribers.ts";

const CHUNK = 2_000;

/**
 * The filtered subscribers as CSV (email, name, tags, status, source,
 * created_at), in the list's order (newest first unless another sort is
 * chosen), streamed: rows are read by keyset in chunks and written as they
 * come, so a 100,000-row export holds one chunk in memory at a time. Tags are
 * names joined by "; ", the way the CSV import reads them, so an export imports
 * back as it was.
 */
export function exportSubscribersCsv(prisma: Database, filter: SubscriberFilter & { sort?: SubscriberSort }): ReadableStream<Uint8Array> {
  const csv = stringify({ header: true, columns: ["email", "name", "tags", "status", "source", "created_at"] });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      csv.on("data", (chunk: Buffer | string) => controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk)));
      csv.on("error", (error) => controller.error(error));
      csv.on("end", () => controller.close());
      try {
        let after: string | undefined;
        for (;;) {
          const rows = await prisma.subscriber.findMany({
            where: subscriberWhere(filter),
            orderBy: SUBSCRIBER_ORDER[filter.sort ?? "newest"],
            take: CHUNK,
            ...(after ? { cursor: { id: after }, skip: 1 } : {}),
            select: { id: true, email: true, name: true, status: true, source: true, createdAt: true, tags: { select: { tag: { select: { name: true } } }, orderBy: { tag: { name: "asc" } } } },
          });
          for (const row of rows) {
            // Cells starting with = + - @ are formulas to a spreadsheet; a leading quote keeps them text.
            csv.write([guard(row.email), guard(row.name ?? ""), guard(row.tags.map(({ tag }) => tag.name).join("; ")), row.status, row.source, row.createdAt.toISOString()]);
          }
          if (rows.length < CHUNK) break;
          after = rows.at(-1)!.id;
        }
        csv.end();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

function guard(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
