import { randomBytes } from "node:crypto";
import { Prisma } from "../db/generated/client";

/** The most rows one send's snapshot can number: the counter's 28 bits. */
export const MAX_LEDGER_ROWS = 2 ** 28;

/**
 * SQL for the id of the `n`th row (from 0) of one send's snapshot: UUIDv7 text (RFC 9562), whose
 * order is the order the rows were inserted in.
 *
 * Why not gen_random_uuid(): random ids scatter a send's rows through the primary key and the
 * ("issueId", "status", "id") index, and the worker claims and records them in id order, so each
 * batch of 100 touched about 100 different index and heap pages. In insert order, a batch's rows sit
 * together. Measured on 100,000 rows, claimed and recorded without a worker, 7–8 runs each way on a
 * noisy 2-core machine (means): on PGlite the snapshot took 9.8 → 7.5 s, and a claim plus a record
 * 242 → 213 µs per email; on server Postgres, 96 → 86 µs, and in bench:send its backends' CPU per
 * email went from 190 to 154 µs.
 *
 * Layout (RFC 9562 §6.2, method 1: a fixed-length counter): the 48-bit Unix time in ms of the send's
 * start, version 7, then the row's number in 28 bits, spread over rand_a (12 bits) and the top of
 * rand_b (variant `10`, two zero bits, then 16 bits), then 44 random bits drawn once per send. Every
 * part is fixed-width lowercase hex, so text order is numeric order in any collation. Two sends
 * started in the same millisecond differ by the random part; were two ever equal, the primary key
 * would refuse the snapshot and the send would not start, never share a row.
 */
export function ledgerRowId(startedAt: Date, n: Prisma.Sql): Prisma.Sql {
  const ms = startedAt.getTime().toString(16).padStart(12, "0");
  const timeAndVersion = `${ms.slice(0, 8)}-${ms.slice(8)}-7`;
  const random = (BigInt(`0x${randomBytes(6).toString("hex")}`) >> 4n).toString(16).padStart(11, "0");
  return Prisma.sql`${timeAndVersion} || lpad(to_hex(${n} >> 16), 3, '0') || '-8' || lpad(to_hex((${n} >> 4) & 4095), 3, '0')
    || '-' || to_hex(${n} & 15) || ${random}`;
}
