import { beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError, PERMISSIONS, type Actor } from "@/lib/auth/permissions";
import { commands, type CommandName } from "@/lib/commands";
import type { UserRole } from "@/lib/db/generated/enums";
import { resetDatabase, testDb } from "../helpers/db";
import { createSendableIssue, createUser } from "../helpers/factories";
import { pngImage } from "../helpers/images";

const prisma = testDb();
beforeEach(resetDatabase);

const ROLES: UserRole[] = ["owner", "editor", "author", "viewer"];

/** A world every command can run in: a sendable draft, a saved block, a template and a second member. */
async function world() {
  const { publication, issue } = await createSendableIssue(prisma, { recipients: 2 });
  const actors = {} as Record<UserRole, Actor>;
  for (const role of ROLES) actors[role] = await createUser(prisma, { role, email: `${role}@team.example.com` });
  const other = await createUser(prisma, { role: "viewer" });
  const subscriber = await prisma.subscriber.findFirstOrThrow({ where: { publicationId: publication.id } });
  const saved = await prisma.savedBlock.create({ data: { publicationId: publication.id, name: "Sign-off", type: "divider", data: {} } });
  const template = await prisma.issueTemplate.create({ data: { publicationId: publication.id, name: "Short", blocks: [{ type: "divider", data: {} }] } });
  const tag = await prisma.tag.create({ data: { publicationId: publication.id, name: "Early readers", slug: "early-readers" } });
  await prisma.subscriberTag.create({ data: { subscriberId: subscriber.id, tagId: tag.id } });
  const revision = await prisma.issueRevision.create({ data: { issueId: issue.id, version: 1, title: issue.title, preheader: "", blocks: [] } });
  const image = await prisma.mediaFile.create({
    data: { id: "a".repeat(64), publicationId: publication.id, fileName: "chart.png", contentType: "image/png", extension: "png", byteSize: 10, width: 2, height: 2, data: pngImage(2, 2) },
  });
  const apiKey = await prisma.apiKey.create({ data: { publicationId: publication.id, name: "Zapier", prefix: "wk_abcdefgh", keyHash: "c".repeat(64), role: "editor" } });
  const endpoint = await prisma.webhookEndpoint.create({ data: { publicationId: publication.id, url: "https://hooks.example.com/in", secret: `whsec_${"A".repeat(43)}=`, events: ["subscriber.created"] } });
  const webhookDelivery = await prisma.webhookDelivery.create({ data: { endpointId: endpoint.id, event: "subscriber.created", payload: {}, status: "failed", nextAttemptAt: new Date(), createdAt: new Date() } });
  const csv = new TextEncoder().encode("email,name\nimported@mail.example.com,Imported\n");
  const importJob = await prisma.importJob.create({
    data: { publicationId: publication.id, fileName: "list.csv", file: csv, fileSize: csv.length, encoding: "utf-8", delimiter: ",", headers: ["email", "name"], mapping: { email: 0, name: 1, tags: null, createdAt: null }, status: "previewed" },
  });
  const inputs: Record<CommandName, unknown> = {
    createIssue: { from: "blank" },
    saveIssue: { issueId: issue.id, expectedVersion: issue.version, title: "Changed", preheader: "", blocks: [] },
    correctIssue: { issueId: issue.id, expectedVersion: issue.version, title: "Corrected", preheader: "", blocks: [], note: "Fixed a typo." },
    restoreRevision: { issueId: issue.id, revisionId: revision.id, expectedVersion: issue.version },
    submitForReview: { issueId: issue.id },
    deleteDraft: { issueId: issue.id },
    scheduleIssue: { issueId: issue.id, at: new Date(Date.now() + 86_400_000) },
    cancelSchedule: { issueId: issue.id },
    sendNow: { issueId: issue.id },
    cancelSend: { issueId: issue.id },
    retryFailed: { issueId: issue.id },
    sendTestEmail: { issueId: issue.id },
    setIssueSegment: { issueId: issue.id, tagIds: [tag.id], match: "all" },
    saveBlockToLibrary: { name: "Rule", block: { type: "divider", data: {} } },
    deleteFromLibrary: { id: saved.id },
    saveTemplate: { name: "Another", blocks: [{ type: "divider", data: {} }] },
    renameTemplate: { id: template.id, name: "Renamed" },
    deleteTemplate: { id: template.id },
    updateSettings: { name: "Renamed Weekly", description: "", siteUrl: "https://news.example.com", senderName: "Renamed", senderEmail: "news@example.com", replyTo: "", postalAddress: "", timezone: "UTC" },
    inviteMember: { email: "new@team.example.com", role: "author" },
    changeMemberRole: { userId: other.id, role: "editor" },
    removeMember: { userId: other.id },
    updateAccount: { name: "Me" },
    addSubscriber: { email: "added@mail.example.com", consent: true },
    editSubscriber: { id: subscriber.id, name: "Renamed", unsubscribe: true },
    eraseSubscriber: { id: subscriber.id },
    resendConfirmation: { id: subscriber.id },
    tagSubscribers: { tagId: tag.id, action: "remove", scope: { kind: "filter" } },
    createTag: { name: "Founders", isPublic: "on" },
    updateTag: { id: tag.id, name: "Renamed", isPublic: "on", description: "Now public" },
    deleteTag: { id: tag.id },
    uploadImport: { file: new File([csv], "list.csv", { type: "text/csv" }) },
    uploadImage: { file: new File([pngImage(2, 2)], "chart.png", { type: "image/png" }) },
    deleteImage: { id: image.id },
    createApiKey: { name: "Sync", access: "write" },
    revokeApiKey: { id: apiKey.id },
    createWebhookEndpoint: { url: "https://crm.example.com/hooks", events: ["subscriber.subscribed"] },
    updateWebhookEndpoint: { id: endpoint.id, url: "https://crm.example.com/moved", events: ["issue.sent"] },
    setWebhookEndpointEnabled: { id: endpoint.id, enabled: false },
    deleteWebhookEndpoint: { id: endpoint.id },
    rotateWebhookSecret: { id: endpoint.id },
    retryWebhookDelivery: { id: webhookDelivery.id },
    sendTestWebhook: { id: endpoint.id },
    previewImport: { id: importJob.id, mapping: { email: 0, name: 1 } },
    startImport: { id: importJob.id, consent: true },
  };
  return { issue, actors, inputs };
}

/** Everything a command could change, to prove a refused command changed nothing. */
async function snapshot() {
  const [issues, blocks, users, saved, templates, publications, deliveries, outbox, revisions, subscribers, tags, subscriberTags, importJobs, media, apiKeys, webhooks, webhookDeliveries] = await Promise.all([
    prisma.issue.findMany({ orderBy: { id: "asc" } }),
    prisma.block.findMany({ orderBy: { id: "asc" } }),
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.savedBlock.findMany({ orderBy: { id: "asc" } }),
    prisma.issueTemplate.findMany({ orderBy: { id: "asc" } }),
    prisma.publication.findMany({ orderBy: { id: "asc" } }),
    prisma.delivery.count(),
    prisma.outboxMessage.count(),
    prisma.issueRevision.findMany({ orderBy: { id: "asc" } }),
    prisma.subscriber.findMany({ orderBy: { id: "asc" } }),
    prisma.tag.findMany({ orderBy: { id: "asc" } }),
    prisma.subscriberTag.findMany({ orderBy: [{ subscriberId: "asc" }, { tagId: "asc" }] }),
    prisma.importJob.findMany({ orderBy: { id: "asc" } }),
    prisma.mediaFile.findMany({ orderBy: { id: "asc" }, select: { id: true } }),
    prisma.apiKey.findMany({ orderBy: { id: "asc" } }),
    prisma.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
    prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ issues, blocks, users, saved, templates, publications, deliveries, outbox, revisions, subscribers, tags, subscriberTags, importJobs, media, apiKeys, webhooks, webhookDeliveries });
}

describe("every editor command checks the caller's role on the server", () => {
  const names = Object.keys(commands) as CommandName[];

  it("lists a permission for every command", () => {
    for (const name of names) expect(Object.keys(PERMISSIONS)).toContain(commands[name].permission);
  });

  for (const role of ROLES) {
    const forbidden = names.filter((name) => !(PERMISSIONS[commands[name].permission] as readonly string[]).includes(role));
    if (forbidden.length === 0) continue;
    it(`refuses ${/^[aeiou]/.test(role) ? "an" : "a"} ${role} ${forbidden.length} commands, changing nothing: ${forbidden.join(", ")}`, async () => {
      const { actors, inputs } = await world();
      const before = await snapshot();
      for (const name of forbidden) {
        const run = commands[name] as (db: typeof prisma, actor: Actor, input: unknown) => Promise<unknown>;
        await expect(run(prisma, actors[role], inputs[name]), `${role} → ${name}`).rejects.toBeInstanceOf(ForbiddenError);
      }
      expect(await snapshot()).toBe(before);
    });
  }

  it("lets each allowed role through the guard (the command then runs)", async () => {
    for (const role of ROLES) {
      for (const name of ["createIssue", "saveBlockToLibrary", "uploadImport", "startImport", "uploadImage", "deleteImage", "createApiKey", "revokeApiKey", "createWebhookEndpoint", "deleteWebhookEndpoint"] as const) {
        const { actors, inputs } = await world();
        const allowed = (PERMISSIONS[commands[name].permission] as readonly string[]).includes(role);
        const run = commands[name] as (db: typeof prisma, actor: Actor, input: unknown) => Promise<{ ok: boolean }>;
        if (allowed) expect((await run(prisma, actors[role], inputs[name])).ok, `${role} → ${name}`).toBe(true);
        await resetDatabase();
      }
    }
  });

  it("owners, editors and authors write drafts; only owners and editors send; only owners run the team", () => {
    expect(PERMISSIONS["issue.write"]).toEqual(["owner", "editor", "author"]);
    expect(PERMISSIONS["issue.send"]).toEqual(["owner", "editor"]);
    expect(PERMISSIONS["issue.schedule"]).toEqual(["owner", "editor"]);
    expect(PERMISSIONS["team.manage"]).toEqual(["owner"]);
    expect(PERMISSIONS["settings.manage"]).toEqual(["owner"]);
  });

  it("an author cannot edit a scheduled issue, though an editor can", async () => {
    const { issue, actors } = await world();
    await prisma.issue.update({ where: { id: issue.id }, data: { status: "scheduled", scheduledAt: new Date(Date.now() + 3_600_000) } });
    const save = (actor: Actor) => commands.saveIssue(prisma, actor, { issueId: issue.id, expectedVersion: issue.version, title: "New title", preheader: "", blocks: [] });
    expect(await save(actors.author)).toEqual({ ok: false, reason: "not-editable", status: "scheduled" });
    expect(await save(actors.editor)).toMatchObject({ ok: true, version: issue.version + 1 });
  });
});

describe("the outbox is not a way into someone else's account", () => {
  it("shows issue mail to owners and editors, other mail only to its addressee (or an owner), and nothing to authors and viewers", async () => {
    const { listOutbox, getOutboxMessage } = await import("@/lib/outbox/list-outbox");
    const { can } = await import("@/lib/auth/permissions");
    const { issue, actors } = await world();
    await prisma.subscriber.findFirstOrThrow();
    const { startSend } = await import("@/lib/delivery/start-send");
    await startSend(prisma, { issueId: issue.id });
    const delivery = await prisma.delivery.findFirstOrThrow();
    const issueMail = await prisma.outboxMessage.create({ data: { deliveryId: delivery.id, fromAddress: "a@b.c", toAddress: "reader@mail.example.com", subject: "Issue", html: "", text: "" } });
    const ownersLink = await prisma.outboxMessage.create({ data: { fromAddress: "a@b.c", toAddress: actors.owner.email, subject: "Sign in", html: "", text: "link" } });
    const editorsLink = await prisma.outboxMessage.create({ data: { fromAddress: "a@b.c", toAddress: actors.editor.email, subject: "Sign in", html: "", text: "link" } });
    const visible = async (role: UserRole) => (await listOutbox(prisma, actors[role], {})).messages.map((m) => m.id).sort();
    expect(await visible("owner")).toEqual([issueMail.id, ownersLink.id, editorsLink.id].sort());
    expect(await visible("editor")).toEqual([issueMail.id, editorsLink.id].sort());
    expect(await getOutboxMessage(prisma, actors.editor, ownersLink.id)).toBeNull();
    expect(can("author", "outbox.view")).toBe(false);
    expect(can("viewer", "outbox.view")).toBe(false);
  });
});

describe("sending what was reviewed", () => {
  it("refuses to send or schedule when the issue changed after the editor last saw it", async () => {
    const { issue, actors } = await world();
    await prisma.issue.update({ where: { id: issue.id }, data: { version: { increment: 1 } } });
    expect(await commands.sendNow(prisma, actors.editor, { issueId: issue.id, expectedVersion: issue.version })).toMatchObject({ started: false, reason: "stale" });
    expect(await commands.scheduleIssue(prisma, actors.editor, { issueId: issue.id, at: new Date(Date.now() + 86_400_000), expectedVersion: issue.version })).toMatchObject({ scheduled: false, reason: "stale" });
    expect((await prisma.issue.findUniqueOrThrow({ where: { id: issue.id } })).status).toBe("draft");
    expect(await commands.sendNow(prisma, actors.editor, { issueId: issue.id, expectedVersion: issue.version + 1 })).toMatchObject({ started: true, recipients: 2 });
  });
});
