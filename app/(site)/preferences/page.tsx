import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signingSecret } from "@/lib/auth/signing-secret";
import { db } from "@/lib/db/client";
import { loadPreferences, updatePreferences } from "@/lib/subscribers/preferences";
import { readPageMessage, withPageMessage } from "@/lib/web/page-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your subscription", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string; saved?: string; error?: string }> };

async function change(form: FormData) {
  "use server";
  const token = String(form.get("token") ?? "");
  // No ticked box sends no "topics" at all: "topicsShown" tells "none ticked" from "no topics on the form".
  const topics = form.get("topicsShown") ? form.getAll("topics").map(String) : undefined;
  const result = await updatePreferences(db(), { token, secret: signingSecret(), input: { action: form.get("action"), name: form.get("name") ?? undefined, topics } });
  const back = `/preferences?token=${encodeURIComponent(token)}`;
  if (result.ok) redirect(`${back}&saved=1`);
  // A refused name says why (signed: the words are this server's); the other refusals are fixed outcomes.
  redirect(result.reason === "invalid" ? withPageMessage(back, { error: result.message }) : `${back}&error=${result.reason}`);
}

const STATUS_TEXT: Record<string, string> = {
  active: "You are subscribed.",
  pending: "You have not confirmed your subscription yet: look for the confirmation email.",
  unsubscribed: "You are unsubscribed: no issues come to this address.",
  bounced: "Mail to this address bounced, so we stopped sending. Reply to any issue if that was a mistake.",
  complained: "This address marked an issue as spam, so we stopped sending.",
};

/** The preference center, from the signed link at the bottom of every email. */
export default async function PreferencesPage({ searchParams }: Props) {
  const query = await searchParams;
  const { token = "", saved, error } = query;
  const said = readPageMessage(query).error;
  const subscriber = await loadPreferences(db(), { token, secret: signingSecret() });
  if (!subscriber) {
    return (
      <main className="site narrow">
        <h1 className="page-title">This link is not valid</h1>
        <p>Use the &ldquo;Manage preferences&rdquo; link in a recent issue.</p>
      </main>
    );
  }
  const suppressed = subscriber.status === "bounced" || subscriber.status === "complained";
  return (
    <main className="site narrow">
      <h1 className="page-title">Your subscription to {subscriber.publication.name}</h1>
      {saved ? (
        <p className="subscribe-done" role="status">
          Saved.
        </p>
      ) : null}
      {error ? (
        <p className="subscribe-error" role="alert">
          {said ?? (error === "suppressed" ? "This address cannot be subscribed again from here." : "That did not work. Try again.")}
        </p>
      ) : null}
      <p>
        <strong>{subscriber.email}</strong>: {STATUS_TEXT[subscriber.status]}
      </p>
      <form action={change} className="preferences-form">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="action" value="save" />
        <label htmlFor="preferences-name">Your name (used to greet you)</label>
        <input id="preferences-name" name="name" defaultValue={subscriber.name ?? ""} autoComplete="name" maxLength={100} />
        {subscriber.topics.length > 0 ? (
          <fieldset>
            <input type="hidden" name="topicsShown" value="1" />
            <legend>Topics you are interested in</legend>
            {subscriber.topics.map((topic) => (
              <label key={topic.id} className="check">
                <input type="checkbox" name="topics" value={topic.id} defaultChecked={subscriber.chosenTopicIds.includes(topic.id)} /> {topic.name}
                {topic.description ? <span className="muted"> — {topic.description}</span> : null}
              </label>
            ))}
          </fieldset>
        ) : null}
        <button type="submit">Save</button>
      </form>
      {!suppressed ? (
        <form action={change}>
          <input type="hidden" name="token" value={token} />
          {subscriber.status === "active" || subscriber.status === "pending" ? (
            <button type="submit" name="action" value="unsubscribe" className="quiet">
              Unsubscribe
            </button>
          ) : (
            <button type="submit" name="action" value="resubscribe" className="button">
              Subscribe again
            </button>
          )}
        </form>
      ) : null}
    </main>
  );
}
