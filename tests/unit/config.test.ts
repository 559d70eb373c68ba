import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

describe("parseConfig", () => {
  it("fills defaults for the embedded setup when nothing is set", () => {
    const cfg = parseConfig({});
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.DATA_DIR).toBe(".data");
    expect(cfg.EMBEDDED_DB_PORT).toBe(54320);
    expect(cfg.PORT).toBe(3000);
    expect(cfg.APP_URL).toBe("http://localhost:3000");
  });

  it("treats empty strings as unset, as .env files often leave them", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("accepts a postgres URL and trims a trailing slash from APP_URL", () => {
    const cfg = parseConfig({ DATABASE_URL: "postgresql://u@db:5432/news", APP_URL: "https://news.example.com/" });
    expect(cfg.DATABASE_URL).toBe("postgresql://u@db:5432/news");
    expect(cfg.APP_URL).toBe("https://news.example.com");
  });

  it("names every bad variable and why", () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: "mysql://u@db/news", EMBEDDED_DB_PORT: "abc", PORT: "70000", APP_URL: "news" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(["APP_URL", "DATABASE_URL", "EMBEDDED_DB_PORT", "PORT"]);
    expect((error as Error).message).toContain("DATABASE_URL: must start with postgres:// or postgresql://");
    expect((error as Error).message).toContain('EMBEDDED_DB_PORT: must be a number (got "abc")');
    expect((error as Error).message).toContain("PORT: must be between 1 and 65535");
  });
});

describe("the caller's address behind proxies", () => {
  it("takes the entry the trusted proxies wrote, never what the caller typed before it", async () => {
    const { clientIp } = await import("../../lib/http/client-ip.ts");
    const headers = (value: string) => new Headers({ "x-forwarded-for": value });
    expect(clientIp(headers("6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientIp(headers("6.6.6.6, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
    expect(clientIp(headers("203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientIp(headers("203.0.113.7"), 3)).toBe("203.0.113.7");
    expect(clientIp(new Headers(), 1)).toBe("unknown");
  });
});
