// Debian's Chromium for the tests, driven by playwright-core, started the way this machine
// needs it: no sandbox (root), no GPU, and none of its background connections (the machine's
// closed network refuses them, many at a time).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { requirement } from "./skip.js";

export const CHROMIUM = "/usr/bin/chromium";

/** The reason browser suites skip here, if any (on CI: an error). */
export const browserSkip = requirement(existsSync(CHROMIUM), `${CHROMIUM} not found (fix: vethbook doctor --fix --tests)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
