import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signingSecret } from "@/lib/auth/signing-secret";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { db } from "@/lib/db/client";
import { recordUnsubscribeReason, UNSUBSCRIBE_REASONS } from "@/lib/subscribers/record-unsubscribe-reason";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";
import { readPageMessage, withPageMessage } from "@/lib/web/page-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string; done?: string; thanks?: string }> };

async function unsubscribe(formData: FormData) {
  "use server";
  const token = String(formData.get("token") ?? "");
  await unsubscribeWithToken(db(), { token, secret: signingSecret() });
  redirect(`/unsubscribe?done=1&token=${encodeURIComponent(token)}`);
}

async function tellWhy(formData: FormData) {
  "use server";
  const token = String(formData.get("token") ?? "");
  const result = await recordUnsubscribeReason(db(), { token, secret: signingSecret(), input: { reason: formData.get("reason") ?? undefined, comment: formData.get("comment") ?? "" } });
  const back = `/unsubscribe?done=1&token=${encodeURIComponent(token)}`;
  redirect(result.ok ? `${back}&thanks=1` : withPageMessage(back, { error: result.reason === "invalid" ? result.message : "This link is not valid." }));
}

/** The page behind the footer's "Unsubscribe" link: one button, because link scanners follow links. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const query = await searchParams;
  const { token = "", done, thanks } = query;
  const { error } = readPageMessage(query);
  const valid = verifySubscriberToken(token, { purpose: "unsubscribe", secret: signingSecret() }).ok;
  return (
    <main className="site narrow">
      {!valid ? (
        <p>This unsubscribe link is not valid or has expired. Use the link in a recent issue, or reply to any issue and we will remove you.</p>
      ) : done ? (
        <>
          <h1 className="page-title">You are unsubscribed</h1>
          <p>
            You will not get further issues. If this was a mistake, you can subscribe again from the <Link href="/">home page</Link>.
          </p>
          {thanks ? (
            <p className="subscribe-done" role="status">
              Thank you for telling us.
            </p>
          ) : (
            <form action={tellWhy} className="preferences-form">
              <fieldset>
                <legend>Would you tell us why? (optional)</legend>
                {Object.entries(UNSUBSCRIBE_REASONS).map(([value, label]) => (
                  <label key={value} className="check">
                    <input type="radio" name="reason" value={value} required /> {label}
                  </label>
                ))}
              </fieldset>
              <label htmlFor="unsubscribe-comment">Anything else? (optional, at most 500 characters)</label>
              <textarea id="unsubscribe-comment" name="comment" maxLength={500} rows={3} />
              {error ? (
                <p className="subscribe-error" role="alert">
                  {error}
                </p>
              ) : null}
              <input type="hidden" name="token" value={token} />
              <button type="submit">Send</button>
            </form>
          )}
        </>
      ) : (
        <form action={unsubscribe}>
          <h1 className="page-title">Unsubscribe?</h1>
          <p>You will stop getting the newsletter by email.</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit">Unsubscribe</button>
        </form>
      )}
    </main>
  );
}
