// GitHub-style heading slugs (the rules of github-slugger), deduplicated per page.

const REMOVE = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;

export function githubSlug(text: string): string {
  return text.trim().toLowerCase().replace(REMOVE, "").replace(/ /g, "-");
}

/** Hands out unique slugs: "setup", "setup-1", "setup-2", … as GitHub does. */
export class Slugger {
  private readonly seen = new Map<string, number>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.seen.set(id, 0);
  }

  slug(text: string): string {
    const base = githubSlug(text) || "section";
    let slug = base;
    while (this.seen.has(slug)) {
      const n = (this.seen.get(base) ?? 0) + 1;
      this.seen.set(base, n);
      slug = `${base}-${n}`;
    }
    this.seen.set(slug, 0);
    return slug;
  }
}
