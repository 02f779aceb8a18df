// Participant colours. A participant is told apart by its name first (chips and labels carry
// it); the colour helps the eye. The palette is built for distinctness: legible on white (at
// least 3:1 contrast, so a dot or a border reads as a graphic), far apart in OKLab (ΔE ≥ 0.14
// between any two), and still apart for readers with red-green colour vision deficiency
// (ΔE ≥ 0.09 under the Viénot et al. simulation; 0.02 is about a just-noticeable difference).
// Eight is about as many as such a palette holds. Beyond that colours repeat, least-used first,
// so the participants that join first (in the seeded demo, those with accounts) are distinct.

export const PARTICIPANT_PALETTE = [
  { hex: "#1f5fd6", name: "Blue" },
  { hex: "#cc0022", name: "Red" },
  { hex: "#779900", name: "Olive" },
  { hex: "#bb2288", name: "Magenta" },
  { hex: "#559999", name: "Teal" },
  { hex: "#222255", name: "Navy" },
  { hex: "#556644", name: "Moss" },
  { hex: "#6688ff", name: "Periwinkle" },
] as const;

export const PALETTE_HEXES: readonly string[] = PARTICIPANT_PALETTE.map((colour) => colour.hex);

/** The palette colour used least among `taken` (ties: palette order), for a new participant. */
export function nextParticipantColour(taken: readonly string[]): string {
  const uses = new Map(PALETTE_HEXES.map((hex) => [hex, 0]));
  for (const hex of taken) {
    const key = hex.toLowerCase();
    if (uses.has(key)) uses.set(key, uses.get(key)! + 1);
  }
  let best = PALETTE_HEXES[0]!;
  for (const hex of PALETTE_HEXES) if (uses.get(hex)! < uses.get(best)!) best = hex;
  return best;
}

/** Colours for participants in joining order: the first `PALETTE.length` are all different. */
export function assignParticipantColours(count: number): string[] {
  const assigned: string[] = [];
  for (let index = 0; index < count; index++) assigned.push(nextParticipantColour(assigned));
  return assigned;
}

// ---- Colour science: sRGB ↔ OKLab, contrast, and colour-vision-deficiency simulation ----

type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.replace("#", ""), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel) => channel / 255) as Rgb;
}

const toLinear = (channel: number) => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);

export function linearRgb(hex: string): Rgb {
  return hexToRgb(hex).map(toLinear) as Rgb;
}

/** OKLab (Ottosson 2020) from linear sRGB. */
export function oklab([r, g, b]: Rgb): Rgb {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** Euclidean distance in OKLab: about 0.02 is a just-noticeable difference. */
export function deltaEOk(a: Rgb, b: Rgb): number {
  const [x, y] = [oklab(a), oklab(b)];
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

/** WCAG contrast ratio between two colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = linearRgb(hex);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

// Viénot, Brettel & Mollon (1999) dichromat simulation matrices, applied in linear sRGB.
const SIMULATION: Record<"protanopia" | "deuteranopia", number[]> = {
  protanopia: [0.11238, 0.88762, 0, 0.11238, 0.88762, 0, 0.00401, -0.00401, 1],
  deuteranopia: [0.29275, 0.70725, 0, 0.29275, 0.70725, 0, -0.02234, 0.02234, 1],
};

export function simulate(kind: keyof typeof SIMULATION, [r, g, b]: Rgb): Rgb {
  const m = SIMULATION[kind];
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  return [clamp(m[0]! * r + m[1]! * g + m[2]! * b), clamp(m[3]! * r + m[4]! * g + m[5]! * b), clamp(m[6]! * r + m[7]! * g + m[8]! * b)];
}
