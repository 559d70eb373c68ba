import type { Page } from "playwright-core";
import { setupToken } from "../../../lib/team/setup-token";
import { E2E_AUTH_SECRET } from "./app";

/** The editor story's owner: the same account whichever e2e file runs first. */
export const OWNER = { name: "Olive Owner", email: "owner@example.com", password: "correct horse battery staple" };

/**
 * Opens the sign-in page. On an app with no account yet (a file run alone), it sends the visitor to
 * set up the first owner: that is done first, with OWNER, and the sign-in page is where it ends.
 */
export async function openSignInSettingUpOwner(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.waitForLoadState("domcontentloaded");
  if (new URL(page.url()).pathname !== "/setup") return;
  await page.goto(`/setup?token=${setupToken(E2E_AUTH_SECRET)}`);
  await page.getByLabel("Your name", { exact: true }).fill(OWNER.name);
  await page.getByLabel("Email", { exact: true }).fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await page.waitForURL(/\/sign-in\?/);
}

/** Signs in as OWNER with the password (setting the account up first on a fresh app), ending on /editor. */
export async function signInAsOwner(page: Page): Promise<void> {
  await openSignInSettingUpOwner(page);
  await page.getByRole("radio", { name: "Use a password" }).check();
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/editor");
}
