import { describe, expect, it } from "vitest";
import IssueEmail from "../../emails/issue.tsx";
import { buildMessages, renderOncePerVersion } from "../../lib/delivery/build-messages.ts";
import { renderPerRecipient } from "../bench/naive-email.ts";

// The send benchmark's baseline must send the same email as a send does, or its ratio means nothing.
describe("the send benchmark's baseline (react-email per recipient)", () => {
  const { links: _links, ...preview } = IssueEmail.PreviewProps;
  // A greeting in the subject, so the per-recipient fields are more than the links.
  const view = { ...preview, issue: { ...preview.issue, title: `{{name|Friend}}, ${preview.issue.title}` } };
  const sender = { senderName: "Grid Notes", senderEmail: "editor@gridnotes.example", replyTo: "letters@gridnotes.example" };
  const recipients = [
    { deliveryId: "d1", subscriberId: "s1", email: "ada@example.com", name: "<Ada & Bo>" },
    { deliveryId: "d2", subscriberId: "s2", email: "bob@example.com", name: null },
  ];
  const common = { sender, recipients, appUrl: "https://gridnotes.example", secret: "baseline-test-secret-long-enough-0123456789", tags: { issue: "i1" }, now: Date.UTC(2026, 10, 16) };

  it("makes the same messages as the render-once send: headers, links, subject, HTML and text", async () => {
    const pipeline = await buildMessages({ ...common, compose: await renderOncePerVersion(view) });
    const naive = await buildMessages({ ...common, compose: await renderPerRecipient(view) });
    expect(pipeline).toHaveLength(2);
    expect(naive).toEqual(pipeline);
    // The comparison is of personalised emails, not of two copies of one.
    expect(pipeline[0]!.subject).toBe(`<Ada & Bo>, ${preview.issue.title}`);
    expect(pipeline[1]!.subject).toBe(`Friend, ${preview.issue.title}`);
    expect(pipeline[0]!.html).not.toBe(pipeline[1]!.html);
    expect(pipeline[0]!.text).toContain(`Unsubscribe: https://gridnotes.example/unsubscribe?token=`);
    expect(pipeline[0]!.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/gridnotes\.example\/api\/unsubscribe\?token=[\w.-]+>, <mailto:letters@gridnotes\.example\?subject=unsubscribe>$/);
  });
});
