import type { Metadata } from "next";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "@/app/editor/actions";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { listMembers } from "@/lib/team/list-members";
import { ScrollTable } from "@/components/editor/scroll-table";
import { Alert, Notice } from "@/components/editor/page-messages";
import { readPageMessage } from "@/lib/web/page-message";

export const metadata: Metadata = { title: "Team" };

type Props = { searchParams: Promise<{ saved?: string }> };

const ROLES = [
  { id: "owner", text: "Owner: everything, including the team and settings" },
  { id: "editor", text: "Editor: write, schedule and send" },
  { id: "author", text: "Author: write drafts and submit them for review" },
  { id: "viewer", text: "Viewer: read only" },
] as const;

export default async function TeamPage({ searchParams }: Props) {
  const actor = await requireActor();
  const query = await searchParams;
  const { saved } = query;
  const { error, invited, reinvited } = readPageMessage(query);
  const members = await listMembers(db());
  const manage = can(actor.role, "team.manage");
  return (
    <>
      <h1>Team</h1>
      <Notice when={saved}>
        Saved.
      </Notice>
      <Notice when={invited}>
        Invited {invited}. They can sign in with an email link.
      </Notice>
      <Notice when={reinvited}>
        Sent the invitation to {reinvited} again. Their role is as first invited: change it below.
      </Notice>
      <Alert message={error} />
      <ScrollTable label="Team members">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Sign-in</th>
            {manage ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>
                {member.name ?? "—"}
                <br />
                <span className="muted">{member.email}</span>
              </td>
              <td>
                {manage ? (
                  <form action={changeMemberRoleAction} className="row">
                    <input type="hidden" name="userId" value={member.id} />
                    <label htmlFor={`role-${member.id}`} className="visually-hidden">
                      Role of {member.email}
                    </label>
                    <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                      {ROLES.map((role) => (
                        <option key={role.id} value={role.id}>
                          {role.id}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="secondary">
                      Change
                    </button>
                  </form>
                ) : (
                  member.role
                )}
              </td>
              <td>{member.hasPassword ? "Password or email link" : member.emailVerified ? "Email link" : "Invited"}</td>
              {manage ? (
                <td>
                  {member.id !== actor.id ? (
                    <form action={removeMemberAction}>
                      <input type="hidden" name="userId" value={member.id} />
                      <button type="submit" className="link-button danger" aria-label={`Remove ${member.email}`}>
                        Remove
                      </button>
                    </form>
                  ) : (
                    <span className="muted">You</span>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {manage ? (
        <form action={inviteMemberAction} className="stack invite">
          <h2>Invite a teammate</h2>
          <div className="field">
            <label htmlFor="invite-email">Email</label>
            <input id="invite-email" name="email" type="email" required />
          </div>
          <div className="field">
            <label htmlFor="invite-name">Name (optional)</label>
            <input id="invite-name" name="name" />
          </div>
          <fieldset>
            <legend>Role</legend>
            {ROLES.map((role) => (
              <label key={role.id} className="radio">
                <input type="radio" name="role" value={role.id} defaultChecked={role.id === "author"} /> {role.text}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary">
            Send invitation
          </button>
        </form>
      ) : null}
    </>
  );
}
