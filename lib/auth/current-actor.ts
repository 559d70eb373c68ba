import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "../db/client";
import { authOptions } from "./auth-options.ts";
import { can, type Actor, type Permission } from "./permissions.ts";
import { sessionStillValid } from "./session-still-valid.ts";

/**
 * The signed-in member, read fresh from the database; null for anyone else, a
 * removed member, or a session that began before the member's password changed.
 */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  if (!session?.userId) return null;
  const user = await db().user.findUnique({ where: { id: session.userId }, select: { id: true, role: true, email: true, name: true, sessionsValidAfter: true } });
  if (!user || !sessionStillValid(session.authAt, user.sessionsValidAfter)) return null;
  const { sessionsValidAfter: _, ...actor } = user;
  return actor;
}

/**
 * For editor pages: sends anonymous callers to sign in, and members whose
 * role lacks `permission` back to the issues list, which says why.
 */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (permission && !can(actor.role, permission)) redirect(`/editor?forbidden=${encodeURIComponent(permission)}`);
  return actor;
}
