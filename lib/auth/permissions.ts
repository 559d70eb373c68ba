import type { UserRole } from "../db/generated/enums";

/**
 * Who may do what in the editor. Every command in lib/commands.ts names one
 * of these, and tests/integration/roles.int.test.ts tries each command as
 * each role, so a new command cannot ship unchecked.
 */
export const PERMISSIONS = {
  /** Create issues and edit drafts (authors edit drafts only: see saveIssue). */
  "issue.write": ["owner", "editor", "author"],
  /** Edit an issue that is already scheduled. */
  "issue.editScheduled": ["owner", "editor"],
  "issue.submitForReview": ["owner", "editor", "author"],
  "issue.delete": ["owner", "editor"],
  "issue.schedule": ["owner", "editor"],
  "issue.send": ["owner", "editor"],
  /** Change the web version of a sent issue, with a dated note readers see. */
  "issue.correct": ["owner", "editor"],
  /** A sent issue's report: counts only (deliveries, opens, clicks per story), nobody's address. */
  "issue.report": ["owner", "editor", "author", "viewer"],
  "library.write": ["owner", "editor", "author"],
  "library.delete": ["owner", "editor"],
  /** Images for issues, served publicly at /media/ once uploaded (their URLs are unguessable hashes). */
  "media.upload": ["owner", "editor", "author"],
  /** Delete an upload for good: emails already delivered lose the picture too. */
  "media.delete": ["owner", "editor"],
  "templates.manage": ["owner", "editor"],
  /** Subscribers are personal data: authors write issues and need not see them. */
  "subscribers.view": ["owner", "editor", "viewer"],
  "subscribers.manage": ["owner", "editor"],
  /** Create, rename, delete tags and make them public topics (the site shows public ones). */
  "tags.manage": ["owner", "editor"],
  /**
   * The built-in outbox holds every recipient's address and, without a mail
   * provider, sign-in links: readable by owners and editors only, and an
   * editor sees only their own non-issue mail (lib/outbox/list-outbox.ts).
   */
  "outbox.view": ["owner", "editor"],
  "settings.manage": ["owner"],
  /** Make and revoke keys for the HTTP API (lib/api/): a key acts as an editor or a viewer. */
  "api.manage": ["owner"],
  /** Add, pause and delete webhook endpoints, see their signing secrets and deliveries (lib/webhooks/). */
  "webhooks.manage": ["owner"],
  "team.manage": ["owner"],
  /** One's own name and password. */
  "account.self": ["owner", "editor", "author", "viewer"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Who is acting: a signed-in member, or an API key (`apiKeyId` set, and `id` no member's). */
export type Actor = { id: string; role: UserRole; email: string; name: string | null; apiKeyId?: string };

/** Who a written row names: the member, or the API key, which is no member (the columns are foreign keys). */
export function authorOf(actor: Actor): { authorId: string | null; apiKeyId: string | null } {
  return actor.apiKeyId ? { authorId: null, apiKeyId: actor.apiKeyId } : { authorId: actor.id, apiKeyId: null };
}

export class ForbiddenError extends Error {
  constructor(readonly permission: Permission, role: UserRole) {
    super(`A ${role} may not do this (${permission}).`);
    this.name = "ForbiddenError";
  }
}

export function can(role: UserRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(role);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new ForbiddenError(permission, actor.role);
}
