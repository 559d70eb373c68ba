import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signingSecret } from "@/lib/auth/signing-secret";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string; done?: string }> };

async function confirm(form: FormData) {
  "use server";
  const token = String(form.get("token") ?? "");
  const result = await confirmSubscription(db(), { token, appUrl: config().APP_URL, secret: signingSecret() });
  redirect(result.ok ? "/confirm?done=1" : `/confirm?token=${encodeURIComponent(token)}`);
}

/** Opening the link shows a button and confirms nothing: mail scanners open links, people press buttons. */
export default async function ConfirmPage({ searchParams }: Props) {
  const { token = "", done } = await searchParams;
  if (done) {
    return (
      <main className="site narrow">
        <h1 className="page-title">You are subscribed</h1>
        <p>Thanks for confirming. A welcome email is on its way, and the next issue comes to your inbox.</p>
        <p>
          Until then, read the latest issue on the <Link href="/">home page</Link> or browse the <Link href="/archive">archive</Link>.
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
        <form action={confirm}>
          <h1 className="page-title">Confirm your subscription</h1>
          <p>Press the button to start getting the newsletter at this address.</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="button">
            Confirm my subscription
          </button>
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
