// Number formatting and ordering shared by the renderers (internal); escaping itself is
// in html-text.ts, shared with the exported notes.
import { escapeHtml } from "./html-text.js";

export { escapeHtml as esc } from "./html-text.js";

/**
 * A rule spec as HTML that wraps between options, never inside one: `-d 192.168.50.10/32`,
 * `! -i docker0`, `--to-destination 11.11.11.2:80` each stay on one line.
 */
export function wrappableSpec(spec: string): string {
  const groups = spec.trim().split(/(?<!!) +(?=(?:! +)?--?[A-Za-z])/).filter(Boolean);
  return groups.map((g) => `<span class="vb-w">${escapeHtml(g)}</span>`).join(" ");
}

/** Round to one decimal so SVG coordinates are stable and short. */
export function r1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** 1234 -> "1,234": counters in HTML views. */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Byte counts for people: 168 B, 8.2 KiB, 3.1 MiB. */
export function humanBytes(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Sign a delta: +2, -1, 0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** Compare strings with digit runs as numbers (ns2 < ns10), then bytewise: a total order. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A short, stable hash (FNV-1a, base 36) for ids that must differ between drawings. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
