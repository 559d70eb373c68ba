import { describe, expect, it } from "vitest";
import { repairMojibake, repairMojibakeWithCount } from "@/lib/text/repair-mojibake.ts";

/** What a UTF-8 string looks like once its bytes are read one by one as Latin-1 (as Node 20+ reads "windows-1252"). */
const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

describe("repairMojibake: UTF-8 read as Windows-1252 / Latin-1", () => {
  it.each([
    ["Solarâ€™s best week", "Solar’s best week"],
    ["â€œHeat pumpsâ€\u009d, she said", "“Heat pumps”, she said"],
    ["a cafÃ© by the dam", "a café by the dam"],
    ["voilÃ\u00A0 la pluie", "voilà la pluie"],
    ["25Â°C in the greenhouse", "25°C in the greenhouse"],
    ["a 3Ã—4 m plot", "a 3×4 m plot"],
    ["CAFÃ‰ ON THE QUAY", "CAFÉ ON THE QUAY"],
    ["â€žWindâ€œ", "„Wind“"],
    ["ÃŽle de Sein", "Île de Sein"],
    ["ðŸŒž and ðŸŒ§", "🌞 and 🌧"],
    ["ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"],
    ["rain â€” then sun â€¦", "rain — then sun …"],
  ])("%j → %j", (broken, repaired) => {
    expect(repairMojibake(broken)).toBe(repaired);
  });

  it("repairs bytes that an ISO-8859-1 decoder left as C1 controls", () => {
    expect(asLatin1("The grid’s “firm” output")).not.toBe("The grid’s “firm” output");
    expect(repairMojibake(asLatin1("The grid’s “firm” output — at 5 °C"))).toBe("The grid’s “firm” output — at 5 °C");
  });

  it("repairs text that went through the wrong charset twice", () => {
    expect(repairMojibake("the meterÃ¢â‚¬â„¢s reading")).toBe("the meter’s reading");
  });

  it("repairs only the broken words in a mix of correct and broken text", () => {
    expect(repairMojibake("café, cafÃ© and naïve")).toBe("café, café and naïve");
  });
});

describe("repairMojibake: UTF-8 read as Windows-874 (Thai)", () => {
  it.each([
    ["Solar\u0E42\u0080\u0099s best week", "Solar’s best week"],
    ["\u0E42\u20AC\u009CTides\u0E42\u20AC\u009D", "“Tides”"],
    ["wind\u0E42\u20AC\u201Dthen rain", "wind—then rain"],
    ["\u0E42\u20AC\u0E02 mulch", "• mulch"],
  ])("%j → %j", (broken, repaired) => {
    expect(repairMojibake(broken)).toBe(repaired);
  });

  it("restores an apostrophe where only the lead character survived, between Latin letters", () => {
    expect(repairMojibake("Chinaโs grid, this weekโs rain, donโt water, Iโm out, theyโre late, DONโT")).toBe(
      "China’s grid, this week’s rain, don’t water, I’m out, they’re late, DON’T",
    );
    expect(repairMojibake("the 1990โs, lโeau, OโNeill")).toBe("the 1990’s, l’eau, O’Neill");
    expect(repairMojibake("the cellโ€s output")).toBe("the cell’s output");
  });

  it("leaves a lone โ where the lost character is ambiguous (dash, quote or apostrophe)", () => {
    for (const text of ["rainโthen sun", "โHello", "word โ next", "endโ", "โ"]) expect(repairMojibake(text)).toBe(text);
  });

  it("never touches Thai text, where โ is a vowel sign", () => {
    for (const text of ["โรงเรียน", "โคก", "ไปโรงเรียน by bike", "โรงเรียน’s"]) expect(repairMojibake(text)).toBe(text);
  });
});

describe("repairMojibake: correct text stays as it is", () => {
  it.each([
    "Plain ASCII: nothing to do here.",
    "café, naïve, Ærø, señor, Straße, Œuvre, déjà vu",
    "SÃO PAULO and NÃO",
    "“IRMÃ” in capitals",
    "„So groß“ sagte sie.",
    "Il a dit « voilà\u00A0» et « café\u00A0»",
    "ÉTÉ\u00A0» en capitales",
    "Smart quotes “like this” and ‘this’ — with dashes – and … ellipses",
    "Привет, Γειά σου, שלום, 日本語, 👩‍🔬",
    "Â is a letter too: CÂMARA",
  ])("%j", (text) => {
    expect(repairMojibake(text)).toBe(text);
  });

  it("leaves an incomplete sequence alone rather than guess its missing byte", () => {
    expect(repairMojibake("he said â€ and left")).toBe("he said â€ and left");
  });
});

describe("repairMojibakeWithCount", () => {
  it("counts the words it repaired", () => {
    expect(repairMojibakeWithCount("Solarâ€™s weekโs cafÃ© and donโt, ok")).toEqual({
      text: "Solar’s week’s café and don’t, ok",
      repairedWords: 4,
    });
    expect(repairMojibakeWithCount("nothing broken")).toEqual({ text: "nothing broken", repairedWords: 0 });
  });
});
