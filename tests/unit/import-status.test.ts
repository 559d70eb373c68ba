import { describe, expect, it } from "vitest";
import { guessMapping } from "@/lib/audience/import/mapping";
import { parseRow } from "@/lib/audience/import/parse-row";

const now = new Date("2026-12-01T12:00:00Z");
/** The status a row `ada@mail.example.com,<cell>` imports with, or the reason it is refused. */
const statusOf = (cell: string) => {
  const parsed = parseRow(["ada@mail.example.com", cell], { email: 0, name: null, tags: null, createdAt: null, status: 1 }, 2, now);
  return parsed.ok ? parsed.value.status : parsed.reason;
};

describe("an imported row's status", () => {
  it("guesses the Status column from the names other platforms give it, and keeps a date of subscribing a created date", () => {
    expect(guessMapping(["email", "name", "tags", "status", "source", "created_at"])).toEqual({ email: 0, name: 1, tags: 2, createdAt: 5, status: 3 });
    for (const header of ["Status", "Subscription Status", "member_status", "Email status", "subscribed", "Subscribed_To_Emails"])
      expect(guessMapping(["Email Address", header]).status).toBe(1);
    // Ghost's members export: a yes/no "subscribed_to_emails" beside the date someone joined.
    expect(guessMapping(["id", "email", "name", "subscribed_to_emails", "created_at"])).toEqual({ email: 1, name: 2, tags: null, createdAt: 4, status: 3 });
    expect(guessMapping(["email", "Subscribed at", "Subscribed"])).toEqual({ email: 0, name: null, tags: null, createdAt: 1, status: 2 });
    // A CRM's "State" is an address's: never guessed as the status, which would refuse every row.
    expect(guessMapping(["email", "state", "status"]).status).toBe(2);
    expect(guessMapping(["email", "state"]).status).toBeNull();
    // "Email status" is the status, not the address, when no column is named for the address.
    expect(guessMapping(["Email status", "Work mail"])).toMatchObject({ email: 1, status: 0 });
    expect(guessMapping(["email", "name"]).status).toBeNull();
  });

  it("leaves an empty cell and the words of someone on the list to the consent choice", () => {
    for (const cell of ["", "  ", "active", "Subscribed", "CONFIRMED", "yes", "True", "pending", "Unconfirmed"]) expect(statusOf(cell)).toBeNull();
  });

  it("reads the words of someone who left as unsubscribed", () => {
    for (const cell of ["unsubscribed", " Unsubscribed ", "opted out", "Opted-Out", "optout", "opt-out", "unsubscribe", "no", "FALSE", "cancelled", "canceled"]) expect(statusOf(cell)).toBe("unsubscribed");
  });

  it("reads a bounce, or Mailchimp's cleaned, as bounced", () => {
    for (const cell of ["bounced", "Hard bounce", "hard_bounce", "cleaned"]) expect(statusOf(cell)).toBe("bounced");
  });

  it("reads a spam report as complained", () => {
    for (const cell of ["complained", "spam", "Spam complaint", "abuse", "reported"]) expect(statusOf(cell)).toBe("complained");
  });

  it("refuses any other word, naming the words it knows", () => {
    for (const cell of ["soft bounce", "deleted", "vip", "1"]) {
      const reason = statusOf(cell);
      expect(reason).toContain(`the status "${cell}" is not one the import knows`);
      for (const word of ["active", "pending", "unsubscribed", "opted out", "bounced", "cleaned", "complained", "spam"]) expect(reason).toContain(word);
    }
  });
});
