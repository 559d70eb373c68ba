import { beforeEach, describe, expect, it } from "vitest";
import { createAuthAdapter } from "@/lib/auth/adapter";
import { authOptions } from "@/lib/auth/auth-options";
import { hashPassword } from "@/lib/auth/password";
import { sessionStillValid } from "@/lib/auth/session-still-valid";
import { sendSignInLink, SIGN_IN_LINKS_PER_EMAIL } from "@/lib/auth/send-sign-in-link";
import { PASSWORD_ATTEMPTS_PER_EMAIL_AND_IP, signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { consumeRateLimit, pruneRateLimits } from "@/lib/rate-limit/consume-rate-limit";
import { changeMemberRole, removeMember } from "@/lib/team/change-member-role";
import { createOwner, isSetupOpen } from "@/lib/team/create-owner";
import { inviteMember } from "@/lib/team/invite-member";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";

const prisma = testDb();
beforeEach(resetDatabase);
/** What setup asks for the publication on a database without one. */
const site = { publicationName: "The Weekly", siteUrl: "https://news.example.com", senderEmail: "news@example.com", timezone: "Europe/Berlin" };

describe("first-run setup", () => {
  it("creates the owner once; after that setup is closed", async () => {
    expect(await isSetupOpen(prisma)).toBe(true);
    const created = await createOwner(prisma, { ...site, email: " Owner@Example.com ", name: "Olive", password: "correct horse battery" });
    expect(created).toMatchObject({ ok: true });
    const owner = await prisma.user.findFirstOrThrow();
    expect(owner).toMatchObject({ email: "owner@example.com", role: "owner" });
    expect(owner.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await isSetupOpen(prisma)).toBe(false);
    expect(await createOwner(prisma, { ...site, email: "mallory@example.com", name: "M", password: "another long password" })).toEqual({ ok: false, reason: "setup-closed" });
  });

  it("makes exactly one owner when two setups race", async () => {
    const results = await Promise.all([
      createOwner(prisma, { ...site, email: "a@example.com", name: "A", password: "correct horse battery" }),
      createOwner(prisma, { ...site, email: "b@example.com", name: "B", password: "correct horse battery" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.publication.count()).toBe(1);
  });

  it("makes the publication with the owner on a database without one, and asks only for the owner where one exists", async () => {
    const incomplete = await createOwner(prisma, { email: "owner@example.com", name: "Olive", password: "correct horse battery", siteUrl: "ftp://x", timezone: "Mars/Olympus" });
    expect(incomplete).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: {
        publicationName: "is required",
        siteUrl: "must be an http(s) URL such as https://news.example.com",
        senderEmail: "must be an email address",
        timezone: "must be an IANA time zone such as Europe/Berlin",
      },
    });
    expect(await prisma.user.count()).toBe(0);
    expect(await prisma.publication.count()).toBe(0);

    expect(await createOwner(prisma, { ...site, siteUrl: "https://news.example.com/", email: "owner@example.com", name: "Olive", password: "correct horse battery" })).toMatchObject({ ok: true });
    expect(await prisma.publication.findFirstOrThrow()).toMatchObject({ name: "The Weekly", senderName: "The Weekly", siteUrl: "https://news.example.com", senderEmail: "news@example.com", timezone: "Europe/Berlin" });

    // With a publication already there (the demo's), setup asks for nothing more and adds none.
    await prisma.user.deleteMany();
    expect(await createOwner(prisma, { email: "second@example.com", name: "Sam", password: "correct horse battery" })).toMatchObject({ ok: true });
    expect(await prisma.publication.count()).toBe(1);
  });

  it("explains each bad field and creates nothing", async () => {
    const result = await createOwner(prisma, { ...site, email: "not-an-address", name: "", password: "short" });
    expect(result).toEqual({
      ok: false,
      reason: "invalid",
      fieldErrors: { email: "must be an email address", name: "is required", password: "must be at least 10 characters" },
    });
    expect(await prisma.user.count()).toBe(0);
  });
});

describe("password sign-in", () => {
  it("accepts the right password, any case of the address, and refuses the rest alike", async () => {
    await createUser(prisma, { email: "ed@example.com", passwordHash: await hashPassword("correct horse battery") });
    await createUser(prisma, { email: "linkonly@example.com" });
    expect(await signInWithPassword(prisma, { email: "ED@example.com", password: "correct horse battery" })).toMatchObject({ ok: true, user: { email: "ed@example.com" } });
    expect(await signInWithPassword(prisma, { email: "ed@example.com", password: "wrong password!" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(prisma, { email: "nobody@example.com", password: "correct horse battery" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(prisma, { email: "linkonly@example.com", password: "correct horse battery" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(prisma, { email: ["x"], password: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops guessing after the limit, even with the right password", async () => {
    await createUser(prisma, { email: "ed@example.com", passwordHash: await hashPassword("correct horse battery") });
    for (let i = 0; i < PASSWORD_ATTEMPTS_PER_EMAIL_AND_IP.limit; i++) {
      expect(await signInWithPassword(prisma, { email: "ed@example.com", password: `guess ${i}` })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await signInWithPassword(prisma, { email: "ed@example.com", password: "correct horse battery" })).toEqual({ ok: false, reason: "rate-limited" });
    // A stranger failing on purpose elsewhere does not lock the member out of their own place.
    expect(await signInWithPassword(prisma, { email: "ed@example.com", password: "correct horse battery", ip: "198.51.100.1" })).toMatchObject({ ok: true });
  });
});

describe("email sign-in links", () => {
  it("mails members through the project's transport (the outbox here), and nobody else", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    await createUser(prisma, { email: "ed@example.com" });
    expect(await sendSignInLink(prisma, { email: "Ed@Example.com", url: "http://localhost:3000/api/auth/callback/email?token=abc&email=ed%40example.com" })).toBe("sent");
    expect(await sendSignInLink(prisma, { email: "stranger@example.com", url: "http://localhost:3000/api/auth/callback/email?token=def" })).toBe("not-a-member");
    const mail = await prisma.outboxMessage.findMany();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ toAddress: "ed@example.com", subject: "Sign in to Grid Notes" });
    expect(mail[0]!.text).toContain("http://localhost:3000/api/auth/callback/email?token=abc");
    expect(mail[0]!.html).toContain('href="http://localhost:3000/api/auth/callback/email?token=abc&amp;email=ed%40example.com"');
  });

  it("sends at most a few links per address per window", async () => {
    await createPublication(prisma);
    await createUser(prisma, { email: "ed@example.com" });
    const outcomes = [];
    for (let i = 0; i <= SIGN_IN_LINKS_PER_EMAIL.limit; i++) outcomes.push(await sendSignInLink(prisma, { email: "ed@example.com", url: `http://x/api/auth/callback/email?token=${i}` }));
    expect(outcomes.at(-1)).toBe("rate-limited");
    expect(await prisma.outboxMessage.count()).toBe(SIGN_IN_LINKS_PER_EMAIL.limit);
  });

  it("uses a link's token once, even when two clicks race, and never creates accounts", async () => {
    const adapter = createAuthAdapter(prisma);
    const expires = new Date(Date.now() + 600_000);
    await adapter.createVerificationToken!({ identifier: "Ed@example.com", token: "hashed-token", expires });
    const [a, b] = await Promise.all([
      adapter.useVerificationToken!({ identifier: "ed@example.com", token: "hashed-token" }),
      adapter.useVerificationToken!({ identifier: "ed@example.com", token: "hashed-token" }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await adapter.useVerificationToken!({ identifier: "ed@example.com", token: "forged" })).toBeNull();
    await expect(Promise.resolve(adapter.createUser!({ email: "new@example.com", emailVerified: null }))).rejects.toThrow(/setup or by an invitation/);
  });
});

describe("rate limits", () => {
  it("counts per key in a fixed window and starts over when it ends", async () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const hit = (at: Date) => consumeRateLimit(prisma, { key: "k", limit: 2, windowMs: 60_000, now: at });
    expect(await hit(now)).toEqual({ allowed: true, remaining: 1 });
    expect(await hit(now)).toEqual({ allowed: true, remaining: 0 });
    expect(await hit(new Date(now.getTime() + 30_000))).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await hit(new Date(now.getTime() + 60_001))).toEqual({ allowed: true, remaining: 1 });
    expect(await consumeRateLimit(prisma, { key: "other", limit: 2, windowMs: 60_000, now })).toEqual({ allowed: true, remaining: 1 });
    expect(await pruneRateLimits(prisma, new Date(now.getTime() + 10 * 60_000))).toBe(2);
  });

  it("prunes spent rate-limit windows and expired sign-in links, keeping the live ones", async () => {
    const { pruneExpired } = await import("@/lib/maintenance/prune-expired");
    const now = new Date("2026-06-01T12:00:00Z");
    await consumeRateLimit(prisma, { key: "spent", limit: 5, windowMs: 60_000, now: new Date(now.getTime() - 120_000) });
    await consumeRateLimit(prisma, { key: "live", limit: 5, windowMs: 60_000, now });
    await prisma.verificationToken.createMany({
      data: [
        { identifier: "a@example.com", token: "expired", expires: new Date(now.getTime() - 1) },
        { identifier: "b@example.com", token: "live", expires: new Date(now.getTime() + 60_000) },
      ],
    });
    expect(await pruneExpired(prisma, now)).toEqual({ rateLimits: 1, signInLinks: 1, webhookDeliveries: 0, idempotencyKeys: 0, importFiles: 0 });
    expect((await prisma.rateLimitBucket.findMany()).map((bucket) => bucket.key)).toEqual(["live"]);
    expect((await prisma.verificationToken.findMany()).map((token) => token.token)).toEqual(["live"]);
    expect(await pruneExpired(prisma, now)).toEqual({ rateLimits: 0, signInLinks: 0, webhookDeliveries: 0, idempotencyKeys: 0, importFiles: 0 });
  });

  it("counts every concurrent attempt", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(prisma, { key: "burst", limit: 5, windowMs: 60_000 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });
});

describe("team", () => {
  it("invites by email with a role, mailing where to sign in; mails it again until they sign in, then refuses; refuses bad input", async () => {
    await createPublication(prisma, { name: "Grid Notes" });
    const owner = await createUser(prisma, { role: "owner", name: "Olive" });
    expect(await inviteMember(prisma, owner, { email: "New@Team.example.com", role: "author" })).toMatchObject({ ok: true, emailed: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "new@team.example.com" } })).toMatchObject({ role: "author", passwordHash: null });
    const [mail] = await prisma.outboxMessage.findMany();
    expect(mail).toMatchObject({ toAddress: "new@team.example.com", subject: "Olive invited you to edit Grid Notes" });
    expect(mail!.text).toContain("as an author");
    // Not signed in yet: the invitation goes again, as it was (its link opens the sign-in page on the email link).
    expect(await inviteMember(prisma, owner, { email: "new@team.example.com", role: "editor" })).toMatchObject({ ok: true, resent: true });
    const mails = await prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain("as an author");
    expect(mails[1]!.text).toContain("/sign-in?email=new%40team.example.com&via=link");
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "new@team.example.com" } })).toMatchObject({ role: "author" });
    // Once they have signed in, they are a member: no second invitation.
    await prisma.user.update({ where: { email: "new@team.example.com" }, data: { emailVerified: new Date() } });
    expect(await inviteMember(prisma, owner, { email: "new@team.example.com", role: "editor" })).toEqual({ ok: false, reason: "already-member" });
    expect(await inviteMember(prisma, owner, { email: "x", role: "king" })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { email: expect.any(String), role: expect.any(String) } });
  });

  it("always keeps one owner", async () => {
    const owner = await createUser(prisma, { role: "owner" });
    expect(await changeMemberRole(prisma, owner, { userId: owner.id, role: "editor" })).toEqual({ ok: false, reason: "last-owner" });
    expect(await removeMember(prisma, owner, { userId: owner.id })).toEqual({ ok: false, reason: "last-owner" });
    const second = await createUser(prisma, { role: "owner" });
    expect(await changeMemberRole(prisma, owner, { userId: second.id, role: "viewer" })).toEqual({ ok: true });
    expect(await changeMemberRole(prisma, owner, { userId: "missing", role: "viewer" })).toEqual({ ok: false, reason: "not-found" });
  });
});

describe("one's own account", () => {
  it("sets a first password without one, and changes it only with the current one", async () => {
    const { updateAccount } = await import("@/lib/team/update-account");
    const member = await createUser(prisma, { email: "linkonly@example.com", role: "viewer" });
    expect(await updateAccount(prisma, member, { name: "Link Only", newPassword: "first long password" })).toEqual({ ok: true, passwordChanged: true });
    expect(await signInWithPassword(prisma, { email: "linkonly@example.com", password: "first long password" })).toMatchObject({ ok: true });
    expect(await updateAccount(prisma, member, { name: "Link Only", currentPassword: "wrong one", newPassword: "second long password" })).toEqual({ ok: false, reason: "wrong-password" });
    expect(await updateAccount(prisma, member, { name: "Link Only", currentPassword: "first long password", newPassword: "short" })).toMatchObject({ ok: false, reason: "invalid", fieldErrors: { newPassword: expect.stringContaining("10 characters") } });
    expect(await updateAccount(prisma, member, { name: "Renamed", currentPassword: "first long password", newPassword: "second long password" })).toEqual({ ok: true, passwordChanged: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ name: "Renamed" });
    expect(await signInWithPassword(prisma, { email: "linkonly@example.com", password: "first long password" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("ends every session that began before a password change, and only those", async () => {
    const { updateAccount } = await import("@/lib/team/update-account");
    const { callbacks } = authOptions();
    const member = await createUser(prisma, { email: "moves@example.com", role: "editor", passwordHash: await hashPassword("first long password") });
    // What next-auth does at sign-in, then on each later request (no `user` then: the token is renewed as it is).
    const signIn = async () => {
      const token = await callbacks!.jwt!({ token: { sub: member.id }, user: { id: member.id }, account: null } as Parameters<NonNullable<NonNullable<typeof callbacks>["jwt"]>>[0]);
      const renewed = await callbacks!.jwt!({ token, account: null } as unknown as Parameters<NonNullable<NonNullable<typeof callbacks>["jwt"]>>[0]);
      expect(renewed.authAt).toBe(token.authAt);
      const session = (await callbacks!.session!({ session: { expires: "" }, token: renewed } as unknown as Parameters<NonNullable<NonNullable<typeof callbacks>["session"]>>[0])) as { authAt?: number };
      return session.authAt;
    };
    const validAfter = async () => (await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).sessionsValidAfter;
    const before = await signIn();
    expect(sessionStillValid(before, await validAfter())).toBe(true);
    expect(sessionStillValid(undefined, await validAfter())).toBe(false);

    // A name change leaves sessions alone; a password change ends them.
    await updateAccount(prisma, member, { name: "Renamed" });
    expect(sessionStillValid(before, await validAfter())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await updateAccount(prisma, member, { name: "Renamed", currentPassword: "first long password", newPassword: "second long password" })).toEqual({ ok: true, passwordChanged: true });
    expect(sessionStillValid(before, await validAfter())).toBe(false);
    expect(sessionStillValid(await signIn(), await validAfter())).toBe(true);
  });
});
