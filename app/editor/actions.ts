"use server";
/**
 * The editor's server actions. Each one only finds the caller and hands the
 * input to lib/commands.ts, which checks the role; Next checks the Origin of
 * every action call, which is the CSRF protection for these POSTs.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { ForbiddenError } from "@/lib/auth/permissions";
import { commands } from "@/lib/commands";
import { db } from "@/lib/db/client";
import { countIssueRecipients } from "@/lib/delivery/count-recipients";
import { getSendProgress } from "@/lib/delivery/get-send-progress";
import { getRevision, listRevisions } from "@/lib/issues/revisions";
import type { SaveIssueInput } from "@/lib/issues/save-issue";
import { renderPreview, PREVIEW_MODES, type PreviewMode } from "@/lib/issues/render-preview";
import { localTimeToUtc } from "@/lib/time/local-time-to-utc";
import { purgeFrontCache } from "@/lib/front/purge-front-cache";
import { revalidateSite } from "@/lib/web/revalidate-site";
import { getPublication } from "@/lib/publication/get-publication";
import { withPageMessage } from "@/lib/web/page-message";
import { discardKeptEdit } from "@/lib/issues/keep-invalid-edit";
import { MAPPED_FIELDS } from "@/lib/audience/import/mapping";

type Forbidden = { ok: false; reason: "forbidden" | "signed-out"; message: string };

async function asActor<T>(work: (actor: NonNullable<Awaited<ReturnType<typeof currentActor>>>) => Promise<T>): Promise<T | Forbidden> {
  const actor = await currentActor();
  if (!actor) return { ok: false, reason: "signed-out", message: "You are signed out. Sign in again; your changes are kept on this device." };
  try {
    return await work(actor);
  } catch (error) {
    if (error instanceof ForbiddenError) return { ok: false, reason: "forbidden", message: error.message };
    throw error;
  }
}

/** The composer's autosave: edits that fail the checks are kept beside the issue, to be fixed from any device. */
export async function saveIssueAction(input: SaveIssueInput) {
  return asActor((actor) => commands.saveIssue(db(), actor, { ...input, keepIfInvalid: true }));
}

/** The composer is back at the saved content: edits kept because they failed the checks are abandoned. */
export async function discardKeptEditAction(input: { issueId: string; expectedVersion: number }) {
  return asActor((actor) => discardKeptEdit(db(), actor, { issueId: String(input.issueId), expectedVersion: Number(input.expectedVersion) }));
}

/** The composer's save for a sent issue: the note is read from the correction form when it is sent. */
export async function correctIssueAction(input: SaveIssueInput & { note: unknown }) {
  const result = await asActor((actor) => commands.correctIssue(db(), actor, input));
  // The site caches its pages; a correction is news to them now, not in five minutes.
  if (result.ok) await revalidateSite();
  return result;
}

export async function previewIssueAction(input: { issueId: string; mode: PreviewMode; content: { title: string; preheader: string; blocks: unknown } }) {
  return asActor(async () => {
    if (!PREVIEW_MODES.includes(input.mode)) return null;
    return renderPreview(db(), input);
  });
}

export async function revisionAction(input: { issueId: string; revisionId: string }) {
  return asActor(async () => getRevision(db(), input));
}

export async function restoreRevisionAction(input: { issueId: string; revisionId: string; expectedVersion: number }) {
  const result = await asActor((actor) => commands.restoreRevision(db(), actor, input));
  revalidatePath(`/editor/issues/${input.issueId}`);
  return result;
}

export async function createIssueAction(form: FormData) {
  const result = await asActor((actor) =>
    commands.createIssue(db(), actor, { from: form.get("from"), templateId: form.get("templateId") ?? undefined, pasted: form.get("pasted") ?? undefined }),
  );
  // The importer's notes ("3 words repaired…") ride along in the URL, shortened and signed (lib/web/page-message.ts); they are shown as text.
  if (result.ok) redirect(result.notes.length ? withPageMessage(`/editor/issues/${result.issueId}`, { notes: result.notes.join(" ").slice(0, 500) }) : `/editor/issues/${result.issueId}`);
  const message = result.reason === "invalid" ? Object.values(result.fieldErrors).join(" ") : result.reason === "forbidden" || result.reason === "signed-out" ? result.message : result.reason;
  redirect(withPageMessage("/editor/issues/new", { error: message }));
}

export async function submitForReviewAction(input: { issueId: string }) {
  return asActor((actor) => commands.submitForReview(db(), actor, input));
}

export async function deleteDraftAction(form: FormData) {
  let issueId = "";
  const result = await asActor((actor) => {
    issueId = String(form.get("issueId") ?? "");
    return commands.deleteDraft(db(), actor, { issueId });
  });
  if (result === true) redirect("/editor");
  redirect(withPageMessage(`/editor/issues/${encodeURIComponent(issueId)}`, { error: typeof result === "object" ? result.message : "Only drafts can be deleted." }));
}

export async function sendTestAction(input: { issueId: string }) {
  return asActor((actor) => commands.sendTestEmail(db(), actor, input));
}

/** Who "Send now" would reach: the issue's segment, counted as the snapshot would take it. */
export async function recipientCountAction(input: { issueId: string }) {
  return asActor(() => countIssueRecipients(db(), input.issueId));
}

export async function setIssueSegmentAction(input: { issueId: string; tagIds: string[]; match: "any" | "all" }) {
  return asActor((actor) => commands.setIssueSegment(db(), actor, input));
}

export async function scheduleAction(input: { issueId: string; localTime: string; expectedVersion?: number; audience?: { tagIds: string[]; match: "any" | "all" } }) {
  return asActor(async (actor) => {
    const publication = await getPublication(db());
    const at = publication ? localTimeToUtc(input.localTime, publication.timezone) : null;
    if (!at) return { scheduled: false as const, reason: "bad-time" as const };
    return commands.scheduleIssue(db(), actor, { issueId: input.issueId, at, expectedVersion: input.expectedVersion, audience: input.audience });
  });
}

export async function cancelScheduleAction(input: { issueId: string }) {
  return asActor((actor) => commands.cancelSchedule(db(), actor, input));
}

export async function sendNowAction(input: { issueId: string; expectedVersion?: number; audience?: { tagIds: string[]; match: "any" | "all" } }) {
  return asActor((actor) => commands.sendNow(db(), actor, input));
}

export async function cancelSendAction(input: { issueId: string }) {
  return asActor((actor) => commands.cancelSend(db(), actor, input));
}

export async function retryFailedAction(input: { issueId: string }) {
  return asActor((actor) => commands.retryFailed(db(), actor, input));
}

export async function sendProgressAction(input: { issueId: string }) {
  return asActor(async () => getSendProgress(db(), input.issueId));
}

export async function saveBlockToLibraryAction(input: { name: string; block: unknown }) {
  return asActor((actor) => commands.saveBlockToLibrary(db(), actor, input));
}

export async function saveTemplateAction(input: { name: string; blocks: unknown }) {
  return asActor((actor) => commands.saveTemplate(db(), actor, input));
}

export async function listRevisionsAction(input: { issueId: string }) {
  return asActor(async () => listRevisions(db(), input.issueId));
}

function formValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter(([key]) => !key.startsWith("$")).map(([key, value]) => [key, String(value)]));
}

function failure(result: { reason: string; message?: string; fieldErrors?: Record<string, string> }): string {
  if (result.fieldErrors) return Object.entries(result.fieldErrors).map(([field, problem]) => `${field} ${problem}`).join("; ");
  return result.message ?? result.reason;
}

export type SettingsState =
  | { status: "idle"; key?: undefined }
  | { status: "saved"; key: number }
  | { status: "invalid"; key: number; fieldErrors: Record<string, string>; values: Record<string, string> }
  | { status: "error"; key: number; message: string; values: Record<string, string> };

/** Settings' save: the form keeps what was sent when it is refused (components/editor/settings-form.tsx). */
export async function saveSettingsAction(_state: SettingsState, form: FormData): Promise<SettingsState> {
  // Read once the caller is known: a forged call may send anything but a form, and is answered "signed out".
  let values: Record<string, string> = {};
  const result = await asActor((actor) => commands.updateSettings(db(), actor, (values = formValues(form))));
  const key = Date.now();
  if (result.ok) {
    // The publication's name, description, logo and colour are on every public page, and in the feeds.
    await revalidateSite();
    revalidatePath("/editor/settings");
    return { status: "saved", key };
  }
  if (result.reason === "invalid") return { status: "invalid", key, fieldErrors: result.fieldErrors, values };
  return { status: "error", key, message: failure(result), values };
}

export type CreateApiKeyState = { status: "idle" } | { status: "created"; name: string; key: string } | { status: "error"; message: string };

/** The new key comes back in this answer only, to be shown once: never in a URL, where logs and history would keep it. */
export async function createApiKeyAction(_state: CreateApiKeyState, form: FormData): Promise<CreateApiKeyState> {
  const result = await asActor((actor) => commands.createApiKey(db(), actor, { name: form.get("name"), access: form.get("access") }));
  if (!result.ok) return { status: "error", message: failure(result) };
  revalidatePath("/editor/settings/api-keys");
  return { status: "created", name: String(form.get("name") ?? "").trim(), key: result.key };
}

export async function revokeApiKeyAction(form: FormData) {
  const result = await asActor((actor) => commands.revokeApiKey(db(), actor, { id: String(form.get("id") ?? "") }));
  redirect(result.ok ? "/editor/settings/api-keys?revoked=1" : withPageMessage("/editor/settings/api-keys", { error: "message" in result ? result.message : "That key was already revoked." }));
}

export type WebhookFormState =
  | { status: "idle" | "saved"; key: number }
  | { status: "invalid"; key: number; fieldErrors: Record<string, string>; values: { url: string; description: string; events: string[] } }
  | { status: "error"; key: number; message: string };

/** Adds an endpoint, or changes one (with `id`); a refusal keeps what was typed and says why beside each field. */
export async function saveWebhookAction(state: WebhookFormState, form: FormData): Promise<WebhookFormState> {
  const key = (state?.key ?? 0) + 1;
  let values = { url: "", description: "", events: [] as string[] };
  const result = await asActor(async (actor): Promise<Awaited<ReturnType<typeof commands.updateWebhookEndpoint>> | Awaited<ReturnType<typeof commands.createWebhookEndpoint>>> => {
    values = { url: String(form.get("url") ?? ""), description: String(form.get("description") ?? ""), events: form.getAll("events").map(String) };
    const id = form.get("id");
    return typeof id === "string" && id ? commands.updateWebhookEndpoint(db(), actor, { id, ...values }) : commands.createWebhookEndpoint(db(), actor, values);
  });
  if (result.ok) {
    revalidatePath("/editor/settings/webhooks");
    return { status: "saved", key };
  }
  if (result.reason === "invalid") return { status: "invalid", key, fieldErrors: result.fieldErrors, values };
  const message = result.reason === "too-many" ? "A publication has at most 10 endpoints: delete one first." : result.reason === "not-found" ? "That endpoint was deleted meanwhile." : failure(result);
  return { status: "error", key, message };
}

/** Enable, disable, delete, test or retry, from the webhooks page's buttons; each lands back there saying what happened. */
export async function manageWebhookAction(form: FormData) {
  const page = "/editor/settings/webhooks";
  // The page says what was done from a fixed list (WEBHOOK_NOTICES) or, for a test, from the delivery's own
  // row: never words carried in the URL, which a crafted link could fill on the page that shows the secrets.
  const result = await asActor(async (actor): Promise<{ ok: boolean; query: string }> => {
    const id = String(form.get("id") ?? "");
    const verb = String(form.get("verb") ?? "");
    if (verb === "enable" || verb === "disable") return { ...(await commands.setWebhookEndpointEnabled(db(), actor, { id, enabled: verb === "enable" })), query: `done=${verb}d` };
    if (verb === "delete") return { ...(await commands.deleteWebhookEndpoint(db(), actor, { id })), query: "done=deleted" };
    if (verb === "rotate") return { ...(await commands.rotateWebhookSecret(db(), actor, { id })), query: "done=rotated" };
    if (verb === "retry") return { ...(await commands.retryWebhookDelivery(db(), actor, { id })), query: "done=retried" };
    if (verb === "test") {
      const tested = await commands.sendTestWebhook(db(), actor, { id });
      return tested.ok ? { ok: true, query: `tested=${encodeURIComponent(tested.outcome.id)}` } : { ok: false, query: "" };
    }
    return { ok: false, query: "" };
  });
  if ("reason" in result) redirect(withPageMessage(page, { error: failure(result) }));
  redirect(result.ok ? `${page}?${result.query}` : withPageMessage(page, { error: "That endpoint or delivery is gone, or already in that state." }));
}

export async function inviteMemberAction(form: FormData) {
  const result = await asActor((actor) => commands.inviteMember(db(), actor, formValues(form)));
  redirect(
    result.ok
      ? withPageMessage("/editor/team", result.resent ? { reinvited: String(form.get("email")) } : { invited: String(form.get("email")) })
      : withPageMessage("/editor/team", { error: result.reason === "already-member" ? "That address is already on the team, and has signed in." : failure(result) }),
  );
}

export async function changeMemberRoleAction(form: FormData) {
  const result = await asActor((actor) => commands.changeMemberRole(db(), actor, formValues(form)));
  redirect(result.ok ? "/editor/team?saved=1" : withPageMessage("/editor/team", { error: result.reason === "last-owner" ? "The publication needs at least one owner." : failure(result) }));
}

export async function removeMemberAction(form: FormData) {
  const result = await asActor((actor) => commands.removeMember(db(), actor, formValues(form)));
  redirect(result.ok ? "/editor/team?saved=1" : withPageMessage("/editor/team", { error: result.reason === "last-owner" ? "The publication needs at least one owner." : failure(result) }));
}

export async function deleteFromLibraryAction(form: FormData) {
  const result = await asActor((actor) => commands.deleteFromLibrary(db(), actor, { id: String(form.get("id") ?? "") }));
  redirect(result === true ? "/editor/library" : withPageMessage("/editor/library", { error: typeof result === "object" ? result.message : "Already deleted." }));
}

/** Back to the Images page, on the filter the form was on; the front forgets the file's cached answer. */
export async function deleteImageAction(form: FormData) {
  const result = await asActor((actor) => commands.deleteImage(db(), actor, { id: form.get("id") }));
  // Read only from a real form: a forged call may send anything, and is answered with the result above.
  const back = new URLSearchParams(form instanceof FormData && form.get("show") === "unused" ? { show: "unused" } : {});
  if (!result.ok) redirect(withPageMessage(back.size ? `/editor/images?${back}` : "/editor/images", { error: result.message }));
  await purgeFrontCache();
  back.set("deleted", "1");
  redirect(`/editor/images?${back}`);
}

export async function renameTemplateAction(form: FormData) {
  const result = await asActor((actor) => commands.renameTemplate(db(), actor, { id: String(form.get("id") ?? ""), name: form.get("name") }));
  redirect(result.ok ? "/editor/library" : withPageMessage("/editor/library", { error: result.reason === "name-taken" ? "A template has that name already." : failure(result) }));
}

export async function deleteTemplateAction(form: FormData) {
  const result = await asActor((actor) => commands.deleteTemplate(db(), actor, { id: String(form.get("id") ?? "") }));
  redirect(result === true ? "/editor/library" : withPageMessage("/editor/library", { error: typeof result === "object" ? result.message : "Already deleted." }));
}

export async function updateAccountAction(form: FormData) {
  const result = await asActor((actor) => commands.updateAccount(db(), actor, formValues(form)));
  if (result.ok && result.passwordChanged) redirect("/sign-in?notice=password-changed");
  redirect(result.ok ? "/editor/account?saved=1" : withPageMessage("/editor/account", { error: result.reason === "wrong-password" ? "The current password is not right." : failure(result) }));
}

export async function addSubscriberAction(form: FormData) {
  const result = await asActor((actor) => commands.addSubscriber(db(), actor, formValues(form)));
  if (result.ok) redirect(`/editor/subscribers/${result.id}?added=${result.status}`);
  if (result.reason === "exists") redirect(`/editor/subscribers/${result.id}?exists=1`);
  redirect(withPageMessage("/editor/subscribers", { error: failure(result) }));
}

export async function editSubscriberAction(form: FormData) {
  const result = await asActor((actor) => commands.editSubscriber(db(), actor, formValues(form)));
  const id = encodeURIComponent(form instanceof FormData ? String(form.get("id") ?? "") : "");
  redirect(result.ok ? `/editor/subscribers/${id}?saved=1` : withPageMessage(`/editor/subscribers/${id}`, { error: failure(result) }));
}

export async function resendConfirmationAction(form: FormData) {
  const id = form instanceof FormData ? String(form.get("id") ?? "") : "";
  const result = await asActor((actor) => commands.resendConfirmation(db(), actor, { id }));
  redirect(result.ok ? `/editor/subscribers/${encodeURIComponent(id)}?resent=1` : withPageMessage(`/editor/subscribers/${encodeURIComponent(id)}`, { error: result.message }));
}

export async function eraseSubscriberAction(form: FormData) {
  const result = await asActor((actor) => commands.eraseSubscriber(db(), actor, { id: String(form.get("id") ?? "") }));
  redirect(result === true ? "/editor/subscribers?erased=1" : withPageMessage("/editor/subscribers", { error: typeof result === "object" ? result.message : "Already erased." }));
}

export async function createTagAction(form: FormData) {
  await afterTagChange(await asActor((actor) => commands.createTag(db(), actor, formValues(form))), "saved");
}

export async function updateTagAction(form: FormData) {
  await afterTagChange(await asActor((actor) => commands.updateTag(db(), actor, formValues(form))), "saved");
}

export async function deleteTagAction(form: FormData) {
  await afterTagChange(await asActor((actor) => commands.deleteTag(db(), actor, { id: String(form.get("id") ?? "") })), "deleted");
}

/** Topics (public tags) are named on issue pages, which the site caches: a tag change revalidates them, then the tags page says how it went. */
async function afterTagChange(result: { ok: true } | ({ ok: false } & Parameters<typeof failure>[0]), done: "saved" | "deleted") {
  if (result.ok) await revalidateSite();
  redirect(result.ok ? `/editor/subscribers/tags?${done}=1` : withPageMessage("/editor/subscribers/tags", { error: failure(result) }));
}

/**
 * Tags or untags subscribers from the list (ticked rows, or the whole filtered
 * view) or from one subscriber's page; goes back where it came from.
 */
export async function tagSubscribersAction(form: FormData) {
  const result = await asActor((actor) => {
    const scope =
      form.get("scope") === "filter"
        ? {
            kind: "filter",
            status: String(form.get("status") ?? "") || undefined,
            query: String(form.get("q") ?? "") || undefined,
            tagId: String(form.get("tag") ?? "") || undefined,
            engagement: String(form.get("engagement") ?? "") || undefined,
          }
        : { kind: "selected", ids: form.getAll("ids").map(String) };
    return commands.tagSubscribers(db(), actor, { tagId: String(form.get("tagId") ?? ""), action: form.get("action"), scope });
  });
  // Only a path within the subscribers pages: the form cannot send anyone elsewhere.
  const back = form instanceof FormData ? String(form.get("back") ?? "") : "";
  const target = /^\/editor\/subscribers(\/[\w-]+)?(\?[^#]*)?$/.test(back) ? back : "/editor/subscribers";
  const join = target.includes("?") ? "&" : "?";
  redirect(result.ok ? `${target}${join}tagged=${result.changed}` : withPageMessage(target, { error: result.reason === "not-found" ? "Choose a tag." : failure(result) }));
}

// CSV import, step 1 (the file) is a route handler, app/editor/subscribers/import/upload/route.ts: its body limit is its own.

/** Where an import step lands: the job's page, or the import page when the job is unknown (a signed-out call). */
function importPage(id: string, result: { ok: true } | { ok: false; message: string }): string {
  const page = id ? `/editor/subscribers/import/${encodeURIComponent(id)}` : "/editor/subscribers/import";
  return result.ok ? page : withPageMessage(page, { error: result.message });
}

/** Step 2: the chosen mapping and the dry run. */
export async function previewImportAction(form: FormData) {
  let id = "";
  const result = await asActor((actor) => {
    id = String(form.get("id") ?? "");
    // Every field the mapping step offers (its selects are named for them): a field left out here was silently ignored.
    const mapping = Object.fromEntries(MAPPED_FIELDS.map((field) => [field, form.get(field)]));
    return commands.previewImport(db(), actor, { id, mapping });
  });
  redirect(importPage(id, result));
}

/** Step 3: start it; a worker runs it and the page shows the progress. */
export async function startImportAction(form: FormData) {
  let id = "";
  const result = await asActor((actor) => {
    id = String(form.get("id") ?? "");
    return commands.startImport(db(), actor, { id, consent: form.get("consent") });
  });
  redirect(importPage(id, result));
}
