import type { Block } from "../blocks/registry.ts";

/** Everything any renderer needs to draw one issue, independent of the recipient. */
export type IssueView = {
  publication: {
    name: string;
    description: string;
    siteUrl: string;
    postalAddress: string;
    timezone: string;
    /** Shown at the top of the email; empty or absent: the name alone. */
    logoUrl?: string;
    /** Links, section titles and rules (lib/email/theme.tsx); empty or absent: the built-in colours. */
    accentColor?: string;
  };
  issue: {
    number: number;
    title: string;
    preheader: string;
    /** The send date (or today, for previews). */
    date: Date;
    /** The issue's page in the web archive ("View in browser"). */
    webUrl: string;
  };
  blocks: Block[];
};

/** Per-recipient links; in a rendered template they are merge tokens (lib/email/merge-fields.ts). */
export type RecipientLinks = { unsubscribeUrl: string; preferencesUrl: string };

export function formatIssueDate(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone }).format(date);
}
