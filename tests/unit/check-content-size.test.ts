import { describe, expect, it } from "vitest";
import { checkContentSize, MAX_ISSUE_CONTENT_BYTES } from "../../lib/issues/check-content-size.ts";

describe("an issue's size limit", () => {
  it("counts UTF-8 bytes, lets exactly the limit through, and never reports an excess as 1.0 MB", () => {
    expect(checkContentSize("a".repeat(MAX_ISSUE_CONTENT_BYTES))).toBeNull();
    expect(checkContentSize("a".repeat(MAX_ISSUE_CONTENT_BYTES + 1))?.message).toBe("The issue is 1.1 MB; an issue holds at most 1 MB. Shorten it or remove some blocks.");
    // Half as many characters, two bytes each: the same size on the wire.
    expect(checkContentSize("é".repeat(MAX_ISSUE_CONTENT_BYTES / 2))).toBeNull();
    expect(checkContentSize("é".repeat(MAX_ISSUE_CONTENT_BYTES / 2 + 1))).toMatchObject({ blockIndex: null, path: [] });
  });
});
