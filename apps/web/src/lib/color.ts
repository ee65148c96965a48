export const HEX = /^#[0-9a-fA-F]{6}$/;

function channel(c: number) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrast(a: string, b: string): number {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function mix(hex: string, toward: number, t: number): string {
  const n = parseInt(hex.slice(1), 16);
  const parts = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => Math.round(c + (toward - c) * t));
  return "#" + parts.map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** Text colour to put on a brand-coloured background (white or near-black, whichever reads better). */
export function contrastText(brand: string): string {
  return contrast(brand, "#ffffff") >= contrast(brand, "#111827") ? "#ffffff" : "#111827";
}

/** The brand colour darkened until it reads at 4.5:1 on white (for links and accents). */
export function inkOnWhite(brand: string): string {
  let c = brand;
  for (let t = 0.1; contrast(c, "#ffffff") < 4.5 && t <= 1; t += 0.1) c = mix(brand, 0, t);
  return c;
}

/** Applies a theme colour to the document (CSS variables and <meta name="theme-color">). */
export function applyBrand(color: string | null | undefined) {
  if (!color || !HEX.test(color)) return;
  const root = document.documentElement.style;
  root.setProperty("--brand", color);
  root.setProperty("--brand-contrast", contrastText(color));
  root.setProperty("--brand-ink", inkOnWhite(color));
  document.querySelector('meta[name="theme-color"]')?.setAttribute("content", color);
}

/**
 * CSS variables that theme a subtree with a shop's accent colour: --shop-accent, and --brand with
 * its readable companions so the shop's buttons, links and badges follow. Empty for no (or a
 * malformed) colour, so the marketplace's colour stays.
 */
export function accentVars(color: string | null | undefined): Record<string, string> {
  if (!color || !HEX.test(color)) return {};
  return { "--shop-accent": color, "--brand": color, "--brand-contrast": contrastText(color), "--brand-ink": inkOnWhite(color) };
}

/** Applies a shop's accent colour to the whole document (its storefront host). */
export function applyAccent(color: string | null | undefined) {
  const vars = accentVars(color);
  const root = document.documentElement.style;
  for (const [k, v] of Object.entries(vars)) root.setProperty(k, v);
  if (color && vars["--brand"]) document.querySelector('meta[name="theme-color"]')?.setAttribute("content", color);
}
