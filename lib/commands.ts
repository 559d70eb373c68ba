/**
 * Every change a member can make from the editor, with the permission it
 * needs. Server actions call these and nothing else that writes, so the
 * role check is here, on the server, in one place; the roles test walks
 * this list and tries each command as each role.
 */
import { createApiKey, revokeApiKey } from "./api/api-keys.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint, retryWebhookDelivery, rotateWebhookSecret, setWebhookEndpointEnabled, updateWebhookEndpoint } from "./webhooks/webhook-endpoints.ts";
import { sendTestWebhook } from "./webhooks/send-test-webhook.ts";
import { addSubscriber, editSubscriber, eraseSubscriber, resendConfirmation } from "./audience/manage-subscriber.ts";
import { tagSubscribers } from "./audience/tag-subscribers.ts";
import { previewImportJob, startImportJob, uploadImport } from "./audience/import/import-jobs.ts";
import type { Database } from "./db/client";
import { authorize, type Actor, type Permission } from "./auth/permissions.ts";
import { retryFailed } from "./delivery/retry-failed.ts";
import { cancelSchedule, cancelSend, scheduleIssue } from "./delivery/schedule-issue.ts";
import { startSend } from "./delivery/start-send.ts";
import { correctIssue } from "./issues/correct-issue.ts";
import { createIssue } from "./issues/create-issue.ts";
import { deleteDraft } from "./issues/delete-issue.ts";
import { restoreRevision } from "./issues/revisions.ts";
import { saveIssue } from "./issues/save-issue.ts";
import { sendTestEmail } from "./issues/send-test-email.ts";
import { submitForReview } from "./issues/submit-for-review.ts";
import { deleteFromLibrary, deleteTemplate, renameTemplate, saveBlockToLibrary, saveTemplate } from "./library/block-library.ts";
import { deleteImage } from "./media/delete-image.ts";
import { uploadImage } from "./media/upload-image.ts";
import { updateSettings } from "./publication/update-settings.ts";
import { changeMemberRole, removeMember } from "./team/change-member-role.ts";
import { inviteMember } from "./team/invite-member.ts";
import { createTag, deleteTag, updateTag } from "./tags/manage-tags.ts";
import { setIssueSegment } from "./tags/set-issue-segment.ts";
import { updateAccount } from "./team/update-account.ts";

type Command<Input, Output> = { permission: Permission; run: (prisma: Database, actor: Actor, input: Input) => Promise<Output> };

function command<Input, Output>(permission: Permission, run: (prisma: Database, actor: Actor, input: Input) => Promise<Output>): Command<Input, Output> & ((prisma: Database, actor: Actor, input: Input) => Promise<Output>) {
  const guarded = async (prisma: Database, actor: Actor, input: Input) => {
    authorize(actor, permission);
    return run(prisma, actor, input);
  };
  return Object.assign(guarded, { permission, run });
}

type IssueRef = { issueId: string };
/**
 * What the member reviewed: a send or schedule built on an older version is refused, so nothing unreviewed
 * goes out. startSend and scheduleIssue check it in the UPDATE that starts or schedules the issue.
 */
type Reviewed = IssueRef & { expectedVersion?: number };
const STALE = { reason: "stale", message: "Someone saved this issue after you last saw it. Reload to review their changes first." } as const;

/** The audience the member confirmed ("Send to 2 subscribers…", or the segment beside "Schedule"): if someone chose another one since, nothing goes. */
type Audience = { audience?: { tagIds: string[]; match: "any" | "all" } };

async function audienceChanged(prisma: Database, { issueId, audience }: IssueRef & Audience): Promise<boolean> {
  if (!audience) return false;
  const issue = await prisma.issue.findUnique({ where: { id: issueId }, select: { audienceTagIds: true, audienceMatch: true } });
  if (!issue) return false;
  const seen = [...new Set(audience.tagIds)].sort();
  const stored = [...new Set(issue.audienceTagIds)].sort();
  return seen.join(",") !== stored.join(",") || (stored.length > 0 && audience.match !== issue.audienceMatch);
}
const AUDIENCE_CHANGED = { reason: "stale", message: "Someone changed who this issue goes to after you saw the count. Check the audience again." } as const;

export const commands = {
  createIssue: command("issue.write", createIssue),
  saveIssue: command("issue.write", saveIssue),
  correctIssue: command("issue.correct", correctIssue),
  restoreRevision: command("issue.write", restoreRevision),
  submitForReview: command("issue.submitForReview", submitForReview),
  deleteDraft: command("issue.delete", deleteDraft),
  scheduleIssue: command("issue.schedule", async (prisma, _actor, input: Reviewed & Audience & { at: Date }) => {
    if (await audienceChanged(prisma, input)) return { scheduled: false as const, ...AUDIENCE_CHANGED };
    // Checked again by the UPDATE that schedules it, as for a send now.
    const result = await scheduleIssue(prisma, input);
    if (!result.scheduled && result.reason === "stale") return { scheduled: false as const, ...STALE };
    return !result.scheduled && result.reason === "audience-changed" ? { scheduled: false as const, ...AUDIENCE_CHANGED } : result;
  }),
  cancelSchedule: command("issue.schedule", (prisma, _actor, input: IssueRef) => cancelSchedule(prisma, input)),
  sendNow: command("issue.send", async (prisma, _actor, input: Reviewed & Audience) => {
    if (await audienceChanged(prisma, input)) return { started: false as const, ...AUDIENCE_CHANGED };
    // Checked again by the UPDATE that starts the send: the content checks in between take time.
    const result = await startSend(prisma, input);
    if (!result.started && result.reason === "stale") return { started: false as const, ...STALE };
    return !result.started && result.reason === "audience-changed" ? { started: false as const, ...AUDIENCE_CHANGED } : result;
  }),
  cancelSend: command("issue.send", (prisma, _actor, input: IssueRef) => cancelSend(prisma, input)),
  retryFailed: command("issue.send", (prisma, _actor, input: IssueRef) => retryFailed(prisma, input)),
  sendTestEmail: command("issue.send", sendTestEmail),
  setIssueSegment: command("issue.send", (prisma, _actor, input: unknown) => setIssueSegment(prisma, input)),
  saveBlockToLibrary: command("library.write", saveBlockToLibrary),
  deleteFromLibrary: command("library.delete", deleteFromLibrary),
  uploadImage: command("media.upload", uploadImage),
  deleteImage: command("media.delete", deleteImage),
  saveTemplate: command("templates.manage", saveTemplate),
  renameTemplate: command("templates.manage", renameTemplate),
  deleteTemplate: command("templates.manage", deleteTemplate),
  updateSettings: command("settings.manage", updateSettings),
  createApiKey: command("api.manage", createApiKey),
  revokeApiKey: command("api.manage", revokeApiKey),
  createWebhookEndpoint: command("webhooks.manage", createWebhookEndpoint),
  updateWebhookEndpoint: command("webhooks.manage", updateWebhookEndpoint),
  setWebhookEndpointEnabled: command("webhooks.manage", setWebhookEndpointEnabled),
  deleteWebhookEndpoint: command("webhooks.manage", deleteWebhookEndpoint),
  rotateWebhookSecret: command("webhooks.manage", rotateWebhookSecret),
  retryWebhookDelivery: command("webhooks.manage", retryWebhookDelivery),
  sendTestWebhook: command("webhooks.manage", sendTestWebhook),
  inviteMember: command("team.manage", inviteMember),
  changeMemberRole: command("team.manage", changeMemberRole),
  removeMember: command("team.manage", removeMember),
  updateAccount: command("account.self", updateAccount),
  addSubscriber: command("subscribers.manage", addSubscriber),
  editSubscriber: command("subscribers.manage", editSubscriber),
  eraseSubscriber: command("subscribers.manage", eraseSubscriber),
  resendConfirmation: command("subscribers.manage", resendConfirmation),
  tagSubscribers: command("subscribers.manage", (prisma, _actor, input: unknown) => tagSubscribers(prisma, input)),
  createTag: command("tags.manage", (prisma, _actor, input: unknown) => createTag(prisma, input)),
  updateTag: command("tags.manage", (prisma, _actor, input: unknown) => updateTag(prisma, input)),
  deleteTag: command("tags.manage", (prisma, _actor, input: { id: string }) => deleteTag(prisma, input)),
  uploadImport: command("subscribers.manage", uploadImport),
  previewImport: command("subscribers.manage", previewImportJob),
  startImport: command("subscribers.manage", startImportJob),
};

export type CommandName = keyof typeof commands;
