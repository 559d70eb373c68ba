import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { signingSecret } from "@/lib/auth/signing-secret";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { SubmitButton } from "@/components/site/submit-button";
import { confirmSubscription, type ConfirmOutcome } from "@/lib/subscribers/confirm-subscription";
import { SUBSCRIBE_NAME_MAX } from "@/lib/subscribers/subscribe-limits";
import { readPageMessage, withPageMessage } from "@/lib/web/page-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

async function confirm(form: FormData) {
  "use server";
  const token = String(form.get("token") ?? "");
  const result = await confirmSubscription(db(), { token, name: form.get("name") ?? undefined, appUrl: config().APP_URL, secret: signingSecret() });
  // The welcome goes after the answer: a slow provider must not hold the reader's click.
  if (result.ok && result.welcome) after(result.welcome);
  const back = `/confirm?token=${encodeURIComponent(token)}`;
  redirect(result.ok ? `/confirm?done=${result.outcome}` : result.reason === "invalid-name" ? withPageMessage(back, { error: result.message }) : back);
}

/** What each outcome tells the link's holder (the address's owner, who may know its state). */
const DONE: Record<ConfirmOutcome, { title: string; text: string }> = {
  subscribed: { title: "You are subscribed", text: "Thanks for confirming. A welcome email is on its way, and the next issue comes to your inbox." },
  "already-subscribed": { title: "You are already subscribed", text: "This address was confirmed before, so nothing has changed: the next issue comes to your inbox." },
  "link-before-unsubscribe": {
    title: "This link is older than your unsubscribe",
    text: "You unsubscribed after this link was sent, so it does not sign you up again. To come back, subscribe again from the home page and confirm the new link.",
  },
  suppressed: {
    title: "We cannot send to this address",
    text: "Mail to this address bounced, or was reported as spam, so it is no longer sent anything. If that was a mistake, reply to any of our emails and we will look into it.",
  },
};

/** Opening the link shows a button and confirms nothing: mail scanners open links, people press buttons. */
export default async function ConfirmPage({ searchParams }: Props) {
  const query = await searchParams;
  const { token = "", done } = query;
  const { error } = readPageMessage(query);
  const said = done && Object.hasOwn(DONE, done) ? DONE[done as ConfirmOutcome] : null;
  if (said) {
    return (
      <main className="site narrow">
        <h1 className="page-title">{said.title}</h1>
        <p>{said.text}</p>
        <p>
          Meanwhile, read the latest issue on the <Link href="/">home page</Link> or browse the <Link href="/archive">archive</Link>.
        </p>
      </main>
    );
  }
  // Only a genuine confirmation token that is out of date is "expired"; no token, or a cut or altered one, is "incomplete or invalid".
  // The page reads no subscriber, so neither answer says whether an address is subscribed.
  const check = verifySubscriberToken(token, { purpose: "confirm", secret: signingSecret() });
  return (
    <main className="site narrow">
      {check.ok ? (
        <form action={confirm} className="preferences-form">
          <h1 className="page-title">Confirm your subscription</h1>
          <p>Press the button to start getting the newsletter at this address.</p>
          <input type="hidden" name="token" value={token} />
          {/* The name typed with the request, from the link: seen, and changed if need be, before it greets its owner in every email. */}
          <label htmlFor="confirm-name">Your name, to greet you (optional)</label>
          <input
            id="confirm-name"
            name="name"
            defaultValue={check.name ?? ""}
            autoComplete="name"
            maxLength={SUBSCRIBE_NAME_MAX}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "confirm-name-error" : undefined}
          />
          {error ? (
            <p id="confirm-name-error" className="subscribe-error" role="alert">
              {error}
            </p>
          ) : null}
          <SubmitButton className="button">Confirm my subscription</SubmitButton>
        </form>
      ) : check.reason === "expired" ? (
        <>
          <h1 className="page-title">This link has expired</h1>
          <p>
            Confirmation links work for 7 days. Subscribe again from the <Link href="/">home page</Link> and we will send a new one.
          </p>
        </>
      ) : (
        <>
          <h1 className="page-title">This link is incomplete or invalid</h1>
          <p>
            Open the link from the confirmation email again, all of it: some mail apps break a long link in two. Or subscribe again from the <Link href="/">home page</Link> and
            we will send a new one.
          </p>
        </>
      )}
    </main>
  );
}
