import { afterEach, describe, expect, it, vi } from "vitest";
import { setupToken, setupTokenAccepted } from "../../lib/team/setup-token.ts";

const SECRET = "a-secret-of-the-right-length-0123456789abcdef";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the first-run setup token", () => {
  it("is required in production: the printed token passes, anything else does not", () => {
    vi.stubEnv("NODE_ENV", "production");
    const token = setupToken(SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(setupTokenAccepted(token, SECRET)).toBe(true);
    expect(setupTokenAccepted(setupToken("another secret entirely, same length!!"), SECRET)).toBe(false);
    expect(setupTokenAccepted(`${token.slice(0, -1)}x`, SECRET)).toBe(false);
    expect(setupTokenAccepted(token.slice(0, 10), SECRET)).toBe(false);
    expect(setupTokenAccepted(undefined, SECRET)).toBe(false);
    expect(setupTokenAccepted(null, SECRET)).toBe(false);
  });

  it("is not asked for outside production", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(setupTokenAccepted(undefined, SECRET)).toBe(true);
  });
});
