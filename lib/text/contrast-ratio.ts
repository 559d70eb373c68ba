/** A colour as Settings store it: `#rrggbb`, lower-case (a CHECK constraint holds the column to the same). */
export function isHexColor(value: string | undefined): value is string {
  return value !== undefined && /^#[0-9a-f]{6}$/.test(value);
}

/** The relative luminance of a #rrggbb colour, as WCAG 2 defines it. */
function luminance(hex: string): number {
  const channel = (at: number) => {
    const value = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2's contrast ratio of two #rrggbb colours: from 1 (the same) to 21 (black on white). Text needs 4.5 (level AA). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * `hex` mixed with white, in steps of 5%, just enough to reach `min` contrast on the dark `background`:
 * a brand colour chosen to read on white, made readable in a dark scheme while keeping its hue.
 */
export function lightenForDark(hex: string, background: string, min = 4.5): string {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  for (let step = 0; step <= 20; step++) {
    const mixed = `#${channels.map((value) => Math.round(value + ((255 - value) * step) / 20).toString(16).padStart(2, "0")).join("")}`;
    if (contrastRatio(mixed, background) >= min) return mixed;
  }
  return "#ffffff";
}
