import { describe, expect, it } from "vitest";
import { CURRENT_ZONE_NAMES, timeZoneChoices } from "@/lib/time/time-zone-choices";

/** The zone's offset at a moment, as Intl writes it: "GMT+05:30". */
const offset = (zone: string, at: string) => new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date(at)).find((part) => part.type === "timeZoneName")!.value;

describe("the time zones Settings offers", () => {
  it("starts with UTC, the default, so it can be chosen again", () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe("UTC");
    expect(zones.filter((zone) => zone === "UTC")).toHaveLength(1);
  });

  it("uses the current IANA names, not ICU's old ones", () => {
    const zones = timeZoneChoices();
    for (const current of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "Asia/Kathmandu", "Asia/Yangon", "America/Nuuk", "Pacific/Kanton", "Atlantic/Faroe", "America/Argentina/Buenos_Aires"]) {
      expect(zones, current).toContain(current);
    }
    for (const old of Object.keys(CURRENT_ZONE_NAMES)) expect(zones, old).not.toContain(old);
    expect(zones).toContain("Europe/Berlin");
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.slice(1)).toEqual([...zones.slice(1)].sort());
  });

  it("renames only to names Intl accepts, with the same offsets winter and summer", () => {
    for (const [old, current] of Object.entries(CURRENT_ZONE_NAMES)) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: current }), current).not.toThrow();
      for (const at of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) expect(offset(current, at), `${old} → ${current}`).toBe(offset(old, at));
    }
  });

  it("keeps a publication's stored zone selectable, even under an old name", () => {
    expect(timeZoneChoices("Asia/Calcutta")).toContain("Asia/Calcutta");
    expect(timeZoneChoices("Asia/Calcutta")).toContain("Asia/Kolkata");
    expect(timeZoneChoices("UTC")[0]).toBe("UTC");
    expect(timeZoneChoices("Europe/Kyiv").filter((zone) => zone === "Europe/Kyiv")).toHaveLength(1);
  });
});
