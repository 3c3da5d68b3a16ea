// A tiny SVG/HTML element builder: attributes in the order given, numbers rounded (internal).
import { esc, r1 } from "./_escape.js";

export type Attrs = Record<string, string | number | boolean | undefined | null>;

export function attrs(a: Attrs): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    if (v === true) out += ` ${k}`;
    else out += ` ${k}="${esc(typeof v === "number" ? r1(v) : v)}"`;
  }
  return out;
}

/** <tag attrs>children</tag>; children are already-built markup. */
export function el(tag: string, a: Attrs = {}, ...children: (string | false | undefined)[]): string {
  const body = children.filter(Boolean).join("");
  return body === "" && tag !== "text" && tag !== "title" && tag !== "style" ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`;
}

/** <text> with escaped content. */
export function text(a: Attrs, content: string): string {
  return el("text", a, esc(content));
}

/** <title> for hover details (escaped). */
export function title(content: string): string {
  return el("title", {}, esc(content));
}
