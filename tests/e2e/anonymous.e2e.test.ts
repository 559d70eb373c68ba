/**
 * Every editor page, editor server action and API route, called by someone
 * who is not signed in. The lists come from the app's files and the build's
 * action manifest, so a new page or action is covered without editing this.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { logTail } from "./helpers/app";

const base = inject("e2eBaseUrl");
const logFile = inject("e2eLogFile");
const ROOT = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string, name: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === name).map((file) => path.join(dir, file));
}

/** "app/editor/issues/[id]/page.tsx" → "/editor/issues/x"; route groups vanish. */
function urlOf(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (segment.startsWith("[") ? "x" : segment));
  return `/${segments.join("/")}`;
}

describe("an anonymous caller", () => {
  const editorPages = routeFiles("app/editor", "page.tsx").map(urlOf);

  it("is sent to sign in from every editor page", async () => {
    expect(editorPages.length).toBeGreaterThanOrEqual(9);
    for (const url of editorPages) {
      const response = await fetch(base + url, { redirect: "manual" });
      expect(response.status, url).toBe(307);
      expect(new URL(response.headers.get("location")!, base).pathname, url).toBe("/sign-in");
      // The redirect carries no page content.
      expect(await response.text(), url).not.toContain("Compose issue");
    }
  });

  it("gets 401 from every editor route handler, with each method it answers (the CSV export, the CSV upload)", async () => {
    const handlers = routeFiles("app/editor", "route.ts").flatMap((file) => {
      const methods = fs.readFileSync(path.join(ROOT, file), "utf8").match(/^export async function (GET|POST|PUT|PATCH|DELETE)\b/gm) ?? [];
      return methods.map((line) => ({ url: urlOf(file), method: line.split(" ").pop()! }));
    });
    expect(handlers).toEqual(expect.arrayContaining([{ url: "/editor/subscribers/export", method: "GET" }, { url: "/editor/subscribers/import/upload", method: "POST" }]));
    for (const { url, method } of handlers) {
      // From a page of the app (the upload refuses other sites' posts before asking who is calling).
      const response = await fetch(base + url, { method, redirect: "manual", headers: method === "GET" ? {} : { Origin: base } });
      expect(response.status, `${method} ${url}`).toBe(401);
      expect(await response.text(), url).not.toContain("@");
    }
  });

  it("gets nothing from any editor server action", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
    };
    const actions = Object.entries(manifest.node).filter(([, action]) => action.filename === "app/editor/actions.ts");
    const exported = fs.readFileSync(path.join(ROOT, "app/editor/actions.ts"), "utf8").match(/^export async function \w+/gm) ?? [];
    expect(new Set(actions.map(([, action]) => action.exportedName)).size).toBe(exported.length);
    for (const [id, action] of actions) {
      const page = Object.keys(action.workers)[0]!;
      const url = urlOf(`${page}.tsx`);
      const response = await fetch(base + url, {
        method: "POST",
        redirect: "manual",
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base },
        body: JSON.stringify([{ issueId: "x", expectedVersion: 1, title: "Pwned", preheader: "", blocks: [], name: "x", block: { type: "divider", data: {} } }]),
      });
      const body = await response.text();
      const redirect = decodeURIComponent(response.headers.get("x-action-redirect") ?? "");
      // Each action answers "signed out", in its result or in the page it redirects to.
      expect(`${body} ${redirect}`, `${action.exportedName} via ${url}`).toMatch(/signed.out/);
      expect(body, action.exportedName).not.toMatch(/"ok":true/);
    }
  });

  it("reaches a server action with a body of up to 2 MB (a pasted newsletter of 500,000 characters), and no larger one", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
    const [id] = Object.entries(manifest.node).find(([, action]) => action.exportedName === "createIssueAction")!;
    // On a connection of its own, closed after: Next stops reading a body over the limit, and a kept-alive connection
    // would be handed to the next test with the rest of it still unread.
    const paste = (characters: number) =>
      new Promise<{ status: number; redirect: string; body: string }>((resolve, reject) => {
        // "€" is three bytes in UTF-8: the most a character of the paste's limit (lib/issues/create-issue.ts) can take.
        const body = JSON.stringify([{ from: "paste", pasted: "€".repeat(characters) }]);
        const request = http.request(
          `${base}/editor/issues/new`,
          {
            method: "POST",
            agent: false,
            headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: base, Connection: "close", "Content-Length": Buffer.byteLength(body) },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, redirect: decodeURIComponent(String(response.headers["x-action-redirect"] ?? "")), body: text }));
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    const largest = await paste(500_000);
    // The action ran (and answered that nobody is signed in).
    expect(largest.redirect).toMatch(/signed.out/);
    const tooLarge = await paste(800_000);
    expect(tooLarge.status).toBe(500);
    expect(`${tooLarge.body} ${tooLarge.redirect}`).not.toMatch(/signed.out/);
    expect(logTail(logFile, 400)).toContain("Body exceeded 2mb limit");
  });

  it("cannot call an action from another site (Next checks the Origin)", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
    const [id] = Object.entries(manifest.node).find(([, action]) => action.exportedName === "saveIssueAction")!;
    const response = await fetch(`${base}/editor`, {
      method: "POST",
      redirect: "manual",
      headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Origin: "https://evil.example" },
      body: "[{}]",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it("meets the public API routes' own checks", async () => {
    const routes = routeFiles("app/api", "route.ts").map(urlOf);
    expect(routes.sort()).toEqual(["/api/auth/x", "/api/revalidate", "/api/subscribe", "/api/unsubscribe", "/api/v1/issues", "/api/v1/issues/x", "/api/v1/subscribers", "/api/v1/subscribers/x", "/api/webhooks/resend"]);
    // The HTTP API answers nothing without a key, whatever the method (tests/integration/api.int.test.ts tries the rest).
    for (const [method, url] of [["GET", "/api/v1/subscribers"], ["POST", "/api/v1/subscribers"], ["GET", "/api/v1/subscribers/ada%40readers.example"], ["PATCH", "/api/v1/subscribers/x"], ["DELETE", "/api/v1/subscribers/x"], ["GET", "/api/v1/issues"], ["POST", "/api/v1/issues"], ["GET", "/api/v1/issues/1"], ["PUT", "/api/v1/issues/1"]] as const) {
      const response = await fetch(base + url, { method, headers: { "Content-Type": "application/json" }, body: method === "GET" || method === "DELETE" ? undefined : "{}" });
      expect(response.status, `${method} ${url}`).toBe(401);
      expect(await response.text(), url).not.toContain("@");
    }
    // Public by design; bad input gets a reason, and any address the same answer.
    const subscribe = (body: unknown) => fetch(`${base}/api/subscribe`, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json", "X-Forwarded-For": "203.0.113.50" }, body: JSON.stringify(body) });
    const bad = await subscribe({ email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: expect.stringContaining("email") });
    const answers = await Promise.all(["someone-new@example.com", "ada@readers.example"].map(async (email) => (await subscribe({ email })).json()));
    expect(answers[0]).toEqual(answers[1]);
    // No session or CSRF by design (RFC 8058), so the signed token is the check.
    expect((await fetch(`${base}/api/unsubscribe?token=forged`, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(400);
    // Only the send worker may drop the site's cache: it signs a short-lived token with AUTH_SECRET.
    expect((await fetch(`${base}/api/revalidate`, { method: "POST", headers: { Authorization: "Bearer 1.forged" } })).status).toBe(401);
    // Unsigned webhooks are refused (503 when no secret is configured, 401 for a bad signature).
    expect([401, 503]).toContain((await fetch(`${base}/api/webhooks/resend`, { method: "POST", body: "{}" })).status);
    // next-auth: its session endpoint says "nobody", and a sign-in without its CSRF token goes nowhere.
    expect(await (await fetch(`${base}/api/auth/session`)).json()).toEqual({});
    const forged = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.7" },
      body: "email=owner%40example.com&password=whatever",
    });
    expect(forged.headers.get("set-cookie") ?? "").not.toContain("session-token");
  });

  it("is rate-limited after 30 sign-in attempts from one address", async () => {
    const attempt = () =>
      fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.99" },
        body: "email=nobody%40example.com&password=wrong",
      });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 30)).not.toContain(429);
    expect(statuses[30]).toBe(429);
  });
});
