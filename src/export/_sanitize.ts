// Untrusted markup → safe markup. Command output (text/html, image/svg+xml) and raw HTML in
// markdown go through sanitize-html with an allow-list of HTML and SVG elements; scripts,
// event handlers, foreignObject, javascript: and external URLs (no network from file://)
// never survive. Ids are prefixed so outputs cannot collide with headings or each other.
import sanitizeHtml from "sanitize-html";

const HTML_TAGS = [
  "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
  "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
  "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
  "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
];
// Lower-case on purpose: the HTML parser restores SVG's camelCase (viewbox → viewBox) itself.
const SVG_TAGS = [
  "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line",
  "polyline", "polygon", "text", "tspan", "textpath", "marker", "lineargradient", "radialgradient", "stop",
  "clippath", "mask", "pattern", "image", "filter", "feblend", "fecolormatrix", "fecomposite", "fedropshadow",
  "feflood", "fegaussianblur", "femerge", "femergenode", "feoffset",
];
const HTML_ATTRS = [
  "class", "id", "title", "role", "lang", "dir", "colspan", "rowspan", "scope", "headers", "align", "open",
  "alt", "src", "width", "height", "start", "reversed", "type", "href", "style", "aria-*", "data-*",
];
const SVG_ATTRS = [
  "viewbox", "preserveaspectratio", "xmlns", "xmlns:xlink", "version", "x", "y", "x1", "x2", "y1", "y2",
  "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "pathlength", "transform", "fill", "fill-opacity",
  "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-dashoffset",
  "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "font-family", "font-size",
  "font-weight", "font-style", "font-variant", "text-anchor", "dominant-baseline", "alignment-baseline",
  "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "dx", "dy", "rotate", "textlength",
  "lengthadjust", "startoffset", "marker-start", "marker-mid", "marker-end", "markerwidth", "markerheight",
  "markerunits", "refx", "refy", "orient", "offset", "stop-color", "stop-opacity", "gradientunits",
  "gradienttransform", "spreadmethod", "clip-path", "clip-rule", "clippathunits", "mask", "maskunits",
  "maskcontentunits", "patternunits", "patterncontentunits", "patterntransform", "visibility", "display",
  "color", "paint-order", "vector-effect", "shape-rendering", "text-rendering", "xlink:href", "stddeviation",
  "in", "in2", "result", "mode", "operator", "flood-color", "flood-opacity", "values", "filter",
  "filterunits", "primitiveunits", "focusable", "overflow",
];

// CSS values that cannot fetch anything or run anything.
const SAFE_CSS_VALUE = /^(?![\s\S]*(?:url|expression|image|image-set|element|cross-fade|src|attr)\s*\()(?![\s\S]*javascript:)[^<>\\;{}@]*$/i;
const CSS_PROPERTIES = [
  "color", "background-color", "font-weight", "font-style", "font-size", "font-family", "font-variant",
  "text-decoration", "text-decoration-line", "text-align", "text-anchor", "vertical-align", "white-space",
  "opacity", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
  "stroke-linecap", "stroke-linejoin", "dominant-baseline", "letter-spacing", "display", "visibility",
  "padding", "padding-left", "padding-right", "margin-left", "margin-right", "border", "border-left",
  "border-bottom", "border-radius", "width", "min-width", "max-width", "paint-order", "shape-rendering",
  "line-height", "border-collapse", "border-spacing", "margin", "background", "caption-side", "word-break",
  "overflow-wrap", "text-transform", "font", "box-sizing", "tab-size", "list-style", "overflow-x",
];
const ALLOWED_STYLES = Object.fromEntries(CSS_PROPERTIES.map((p) => [p, [SAFE_CSS_VALUE]]));

// Attributes whose value names other elements by id.
const ID_REF_ATTRS = ["aria-labelledby", "aria-describedby", "aria-controls", "headers"];
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

export interface SanitizeOptions {
  /** Prepended to every id (and every reference to one) so fragments can share a page. */
  idPrefix?: string;
  /** Rewrites relative link targets (e.g. `02-bridge.ipynb#x` → `02-bridge.html#x`). */
  rewriteHref?: (href: string) => string;
  /** Resolves `attachment:name` image sources of markdown cells to data: URLs. */
  attachment?: (name: string) => string | undefined;
  /** Markdown only: GFM task-list checkboxes. */
  allowCheckboxes?: boolean;
}

export function sanitize(html: string, options: SanitizeOptions = {}): string {
  const prefix = options.idPrefix ?? "";
  return sanitizeHtml(html, {
    allowedTags: [...HTML_TAGS, ...SVG_TAGS, ...(options.allowCheckboxes ? ["input"] : [])],
    allowedAttributes: {
      "*": [...HTML_ATTRS, ...SVG_ATTRS],
      input: options.allowCheckboxes ? [{ name: "type", multiple: false, values: ["checkbox"] }, "checked", "disabled"] : [],
      a: ["href", "rel", "target"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data"], image: ["data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite", "xlink:href"],
    allowProtocolRelative: false,
    allowedStyles: { "*": ALLOWED_STYLES },
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "foreignobject", "iframe", "object", "template"],
    exclusiveFilter: (frame) => (frame.tag === "img" || frame.tag === "image") && !frame.attribs.src && !frame.attribs.href && !frame.attribs["xlink:href"],
    transformTags: {
      "*": (tagName, attribs) => ({ tagName, attribs: cleanAttributes(tagName, attribs, prefix, options) }),
    },
  });
}

function cleanAttributes(
  tag: string,
  attribs: sanitizeHtml.Attributes,
  prefix: string,
  options: SanitizeOptions,
): sanitizeHtml.Attributes {
  const out: sanitizeHtml.Attributes = {};
  for (const [name, raw] of Object.entries(attribs)) {
    let value = raw;
    if (/^on/i.test(name)) continue;
    if (name !== "style" && /url\s*\(/i.test(value)) {
      // Only references into the same document (markers, gradients): url(#id).
      if (/url\s*\(\s*(?!['"]?#)/i.test(value)) continue;
      value = value.replace(/url\(\s*(['"]?)#/gi, `url($1#${prefix}`);
    }
    if (name === "id") value = prefix + value;
    else if (ID_REF_ATTRS.includes(name)) value = value.split(/\s+/).filter(Boolean).map((id) => prefix + id).join(" ");
    else if (name === "href" || name === "xlink:href") {
      const href = value.trim();
      if (tag === "use" || tag === "image" || tag === "img") {
        if (tag === "use" && !href.startsWith("#")) continue;
        if (tag === "image" && !DATA_IMAGE.test(href)) continue;
      }
      if (href.startsWith("#")) value = `#${prefix}${href.slice(1)}`;
      else if (options.rewriteHref && !/^[a-z][a-z0-9+.-]*:/i.test(href)) value = options.rewriteHref(href);
    } else if (name === "src") {
      const src = value.trim();
      const resolved = src.startsWith("attachment:") ? options.attachment?.(src.slice("attachment:".length)) : src;
      if (!resolved || !DATA_IMAGE.test(resolved)) continue;
      value = resolved;
    }
    out[name] = value;
  }
  if (tag === "svg" && out.viewbox === undefined && /^\d+(\.\d+)?$/.test(out.width ?? "") && /^\d+(\.\d+)?$/.test(out.height ?? "")) {
    out.viewbox = `0 0 ${out.width} ${out.height}`; // lets the stylesheet scale it down on a phone
  }
  if (tag === "a" && out.href !== undefined) {
    if (/^https?:/i.test(out.href)) out.rel = "noopener noreferrer";
    else delete out.rel;
    delete out.target;
  }
  return out;
}

/**
 * CSS from an output's <style> element, restricted to visual declarations (and custom
 * properties) with safe values, every selector scoped under the element with id `scope` so it
 * cannot restyle the page around it. `@media (prefers-color-scheme: …)` and `@media print`
 * blocks are kept (scoped too); every other at-rule is dropped.
 */
export function scopeCss(css: string, scope: string, idPrefix = ""): string {
  const out: string[] = [];
  const clean = css.replace(/\/\*[\s\S]*?\*\//g, "");
  let i = 0;
  while (i < clean.length) {
    const open = clean.indexOf("{", i);
    if (open < 0) break;
    let depth = 1;
    let j = open + 1;
    for (; j < clean.length && depth; j++) {
      if (clean[j] === "{") depth++;
      else if (clean[j] === "}") depth--;
    }
    const head = clean.slice(i, open).replace(/^(?:[\s;}]|@[^;{}]*;)+/, "").trim();
    const inner = clean.slice(open + 1, depth ? j : j - 1);
    i = j;
    if (head.startsWith("@")) {
      const media = /^@media\s+(\(\s*prefers-color-scheme\s*:\s*(?:dark|light)\s*\)|print|screen)$/i.exec(head);
      const body = media ? scopeCss(inner, scope, idPrefix) : "";
      if (body) out.push(`@media ${media![1]} {\n${body}\n}`);
      continue;
    }
    const rule = scopeRule(head, inner, scope, idPrefix);
    if (rule) out.push(rule);
  }
  return out.join("\n");
}

function scopeRule(selectors: string, block: string, scope: string, idPrefix: string): string {
  if (!selectors || !/^[\w\s.#:>+~*,\-[\]="'()]+$/.test(selectors)) return "";
  const declarations = block
    .split(";")
    .map((d) => d.trim())
    .filter((d) => {
      const at = d.indexOf(":");
      if (at < 0) return false;
      const prop = d.slice(0, at).trim().toLowerCase();
      const value = d.slice(at + 1).trim();
      const known =
        CSS_PROPERTIES.includes(prop) ||
        /^(?:stroke|font|fill|text|border|padding|margin|background)-[a-z-]+$/.test(prop) ||
        /^--[\w-]+$/.test(prop);
      return known && SAFE_CSS_VALUE.test(value);
    });
  if (!declarations.length) return "";
  const scoped = selectors
    .split(",")
    .map((s) => `[id="${scope}"] ${s.trim().replace(/#([A-Za-z_][\w-]*)/g, `[id="${idPrefix}$1"]`)}`)
    .join(", ");
  return `${scoped} { ${declarations.join("; ")} }`;
}
