import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signingSecret } from "@/lib/auth/signing-secret";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { db } from "@/lib/db/client";
import { unsubscribeWithToken } from "@/lib/subscribers/unsubscribe-with-token";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string; done?: string }> };

async function unsubscribe(formData: FormData) {
  "use server";
  const token = String(formData.get("token") ?? "");
  await unsubscribeWithToken(db(), { token, secret: signingSecret() });
  redirect(`/unsubscribe?done=1&token=${encodeURIComponent(token)}`);
}

/** The page behind the footer's "Unsubscribe" link: one button, because link scanners follow links. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const { token = "", done } = await searchParams;
  const valid = verifySubscriberToken(token, { purpose: "unsubscribe", secret: signingSecret() }).ok;
  return (
    <main className="site narrow">
      {!valid ? (
        <p>This unsubscribe link is not valid or has expired. Use the link in a recent issue, or reply to any issue and we will remove you.</p>
      ) : done ? (
        <>
          <h1>You are unsubscribed</h1>
          <p>You will not get further issues. If this was a mistake, you can subscribe again from the home page.</p>
        </>
      ) : (
        <form action={unsubscribe}>
          <h1>Unsubscribe?</h1>
          <p>You will stop getting the newsletter by email.</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit">Unsubscribe</button>
        </form>
      )}
    </main>
  );
}
