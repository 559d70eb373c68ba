/**
 * Repairs text that was UTF-8 but was decoded with a single-byte charset, so
 * each non-ASCII character became two to four wrong ones ("â€™" for "’").
 * The wrong characters are turned back into their bytes and those bytes are
 * decoded as UTF-8; a run is replaced only when that decoding succeeds and the
 * result is plausible, so correct text (accents, Thai, smart quotes) is left
 * alone. Two wrong charsets are handled:
 *
 * - Windows-1252 / Latin-1, the usual one: "Ã©" → "é", "â€œ" → "“".
 * - Windows-874 (Thai), where "’" becomes "โ" plus two C1 controls or
 *   punctuation glyphs, or just "โ" when a copy step dropped the controls.
 */

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The 128 characters a single-byte decoder gives for bytes 0x80–0xFF, by byte - 0x80. */
function decodeHighHalf(label: string): string[] {
  const bytes = Uint8Array.from({ length: 0x80 }, (_, index) => 0x80 + index);
  return Array.from(new TextDecoder(label).decode(bytes));
}

function windows1252Glyphs(): string[] {
  const glyphs = decodeHighHalf("windows-1252");
  if (glyphs[0] !== "\u0080") return glyphs;
  // Node 20.18.3+ and 22.13+ decode "windows-1252" as ISO-8859-1, with C1
  // controls for 0x80–0x9F (nodejs/node#60888). windows-1254 has the
  // windows-1252 glyphs there except Ž/ž at 0x8E/0x9E, which windows-1250
  // has at the same bytes.
  const turkish = decodeHighHalf("windows-1254");
  const centralEuropean = decodeHighHalf("windows-1250");
  return glyphs.map((glyph, index) => {
    const byte = 0x80 + index;
    if (byte > 0x9f) return glyph;
    return (byte === 0x8e || byte === 0x9e ? centralEuropean[index] : turkish[index]) ?? glyph;
  });
}

/**
 * Character → byte. The C1 controls U+0080–U+009F map to their own byte as
 * well: that is what an ISO-8859-1 decoder (or a strict windows-874 one) left
 * for the bytes it had no glyph for.
 */
function reverseTable(glyphs: string[]): Map<string, number> {
  const table = new Map<string, number>();
  glyphs.forEach((glyph, index) => {
    const byte = 0x80 + index;
    if (byte <= 0x9f) table.set(String.fromCharCode(byte), byte);
    // Unmapped bytes decode to U+FFFD or, in ICU's windows-874, to private-use
    // characters: neither says which byte it was.
    if (glyph !== "\uFFFD" && !/\p{Co}/u.test(glyph)) table.set(glyph, byte);
  });
  return table;
}

const LATIN_BYTES = reverseTable(windows1252Glyphs());

function thaiTables(): { lead: string; bytes: Map<string, number> } | undefined {
  try {
    const glyphs = decodeHighHalf("windows-874");
    const lead = glyphs[0xe2 - 0x80];
    return lead ? { lead, bytes: reverseTable(glyphs) } : undefined;
  } catch {
    // A Node built without full ICU has no windows-874 decoder; Thai repair is then off.
    return undefined;
  }
}

const THAI = thaiTables();

/** Where each kind of UTF-8 sequence starts: lead byte → total length. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const isContinuation = (byte: number | undefined): byte is number => byte !== undefined && byte >= 0x80 && byte <= 0xbf;

function decodeUtf8(bytes: number[]): string | undefined {
  try {
    return UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/**
 * A two-byte sequence decodes to U+0080–U+07FF. Real mojibake there comes from
 * Latin, Greek, Cyrillic, Hebrew and Arabic text; the other blocks (IPA, NKo…)
 * are reached mostly by correct text such as "ß“" in German quotes.
 */
const TWO_BYTE_TARGETS: [number, number][] = [
  [0x00a0, 0x024f],
  [0x0300, 0x036f],
  [0x0370, 0x052f],
  [0x0590, 0x06ff],
];

/** Characters that end a word in correct text, and are also continuation bytes. */
const WORD_END_MARKS = new Set(["’", "”", "»", "›", "…", "\u00A0", "—", "–", "™", "®", "©", "°", "·", "•", "¹", "²", "³"]);

const isUpper = (char: string | undefined) => char !== undefined && /\p{Lu}/u.test(char);
const isLower = (char: string | undefined) => char !== undefined && /\p{Ll}/u.test(char);
const isLetter = (char: string | undefined) => char !== undefined && /\p{L}/u.test(char);

function plausible(decoded: string, chars: string[], start: number, length: number): boolean {
  const codePoint = decoded.codePointAt(0) ?? 0;
  const before = chars[start - 1];
  if (length === 2) {
    if (!TWO_BYTE_TARGETS.some(([low, high]) => codePoint >= low && codePoint <= high)) return false;
    // "IRMÔ or "SÃO»": an upper-case word ending in Ã, Ö, É… before a closing
    // quote is correct Portuguese, German, French. Mojibake of a lower-case
    // letter sits after lower-case letters ("cafÃ©"), so it still gets repaired.
    const looksLikeUpperCaseWordEnd =
      isUpper(chars[start]) && isUpper(before) && WORD_END_MARKS.has(chars[start + 1] ?? "") && !isLower(chars[start + 2]);
    return !looksLikeUpperCaseWordEnd;
  }
  if (length === 3) {
    // U+0800–U+08FF (Samaritan, Mandaic…) is what "à" + NBSP + "»" decodes to.
    if (codePoint >= 0x0800 && codePoint <= 0x08ff) return false;
    // French puts a no-break space before » : ; ! ? so "café\u00A0»" is correct
    // text although its three characters form a valid sequence.
    const hasNoBreakSpace = chars[start + 1] === "\u00A0" || chars[start + 2] === "\u00A0";
    if (hasNoBreakSpace && isLetter(before)) return false;
  }
  return true;
}

/** One left-to-right pass over Windows-1252 / Latin-1 mojibake. */
function repairLatinPass(text: string): string {
  const chars = Array.from(text);
  let out = "";
  for (let index = 0; index < chars.length; ) {
    const char = chars[index] ?? "";
    const lead = LATIN_BYTES.get(char);
    const length = lead === undefined ? 0 : sequenceLength(lead);
    if (lead !== undefined && length > 0) {
      const bytes = [lead];
      for (let offset = 1; offset < length; offset++) {
        const byte = LATIN_BYTES.get(chars[index + offset] ?? "");
        if (!isContinuation(byte)) break;
        bytes.push(byte);
      }
      const decoded = bytes.length === length ? decodeUtf8(bytes) : undefined;
      if (decoded !== undefined && plausible(decoded, chars, index, length)) {
        out += decoded;
        index += length;
        continue;
      }
    }
    out += char;
    index += 1;
  }
  return out;
}

/**
 * Windows-874 mojibake, only for the "โ" lead (0xE2: general punctuation,
 * €, ™). Its first continuation must be a byte 0x80–0x9F, which windows-874
 * shows as a C1 control or as € … ‘ ’ “ ” • – —: correct Thai never puts
 * those after "โ", whereas "โ" + two consonants (also bytes 0xA1–0xBF) is an
 * ordinary Thai syllable ("โคก").
 */
function repairThaiSequences(text: string): string {
  if (!THAI || !text.includes(THAI.lead)) return text;
  const { lead, bytes: table } = THAI;
  const chars = Array.from(text);
  let out = "";
  for (let index = 0; index < chars.length; ) {
    const char = chars[index] ?? "";
    if (char === lead) {
      const first = table.get(chars[index + 1] ?? "");
      const second = table.get(chars[index + 2] ?? "");
      if (first !== undefined && first <= 0x9f && isContinuation(second)) {
        const decoded = decodeUtf8([0xe2, first, second]);
        if (decoded !== undefined) {
          out += decoded;
          index += 3;
          continue;
        }
      }
    }
    out += char;
    index += 1;
  }
  return out;
}

/** What follows an apostrophe in English contractions and possessives: "’s", "’t", "’ll"… */
const APOSTROPHE_SUFFIX = /^(?:s|t|d|m|ll|re|ve)(?![\p{L}\p{M}\p{N}])/iu;
/** What precedes one in elisions: "l’", "d’", "qu’", "O’". */
const ELISION_PREFIX = /(?:^|[^\p{L}\p{M}])(?:[cdjlmnstCDJLMNSTO]|[Qq]u)$/u;

/**
 * When a copy step dropped the two C1 controls, "’" is a lone "โ" (optionally
 * still followed by the 0x80 byte's "€"). "โ" alone could have been any of
 * ’ “ ” – —, so it is replaced only where an apostrophe is the one reading:
 * after a Latin letter or digit and before a contraction or possessive
 * ending ("weekโs", "donโt"), or after an elided article before a Latin
 * letter ("lโhomme"). Thai text has no Latin letters around its "โ".
 */
function repairLostApostrophes(text: string): string {
  if (!THAI || !text.includes(THAI.lead)) return text;
  const pattern = new RegExp(`${THAI.lead}[\\u0080\\u20AC]?`, "gu");
  return text.replace(pattern, (match: string, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    const after = whole.slice(offset + match.length);
    const previous = Array.from(before.slice(-2)).at(-1);
    const next = Array.from(after.slice(0, 2))[0];
    const latinBefore = previous !== undefined && /[\p{Script=Latin}\p{Nd}]/u.test(previous);
    const latinAfter = next !== undefined && /\p{Script=Latin}/u.test(next);
    if (!latinBefore || !latinAfter) return match;
    return APOSTROPHE_SUFFIX.test(after) || ELISION_PREFIX.test(before) ? "’" : match;
  });
}

/** Repairs never add or remove ASCII whitespace, so the words line up one to one. */
function countChangedWords(before: string, after: string): number {
  const oldWords = before.split(/[ \t\n\r]+/);
  const newWords = after.split(/[ \t\n\r]+/);
  return newWords.filter((word, index) => word !== oldWords[index]).length;
}

export function repairMojibakeWithCount(text: string): { text: string; repairedWords: number } {
  // Pure ASCII has nothing to repair.
  if (/^[\u0000-\u007F]*$/.test(text)) return { text, repairedWords: 0 };
  let repaired = text;
  // Text converted twice ("Ã¢â‚¬â„¢") needs one pass per conversion.
  for (let pass = 0; pass < 3; pass++) {
    const next = repairLatinPass(repaired);
    if (next === repaired) break;
    repaired = next;
  }
  repaired = repairLostApostrophes(repairThaiSequences(repaired));
  return { text: repaired, repairedWords: repaired === text ? 0 : countChangedWords(text, repaired) };
}

export function repairMojibake(text: string): string {
  return repairMojibakeWithCount(text).text;
}
