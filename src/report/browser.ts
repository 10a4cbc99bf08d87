import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Flags Chromium needs here: root needs --no-sandbox; the rest keep it off the (closed) network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * Find a Chromium/Chrome executable for puppeteer, which cannot download its own here:
 * `PUPPETEER_EXECUTABLE_PATH`, then puppeteer's cache (~/.cache/puppeteer), then the system
 * browser (/usr/bin/chromium and friends). Throws an error that names the fix when none exists.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`PUPPETEER_EXECUTABLE_PATH is set to ${fromEnv}, which does not exist; fix the path or unset it`);
  }
  const cache = join(env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer"), "chrome");
  if (existsSync(cache)) {
    for (const v of readdirSync(cache).sort().reverse()) {
      const exe = join(cache, v, "chrome-linux64", "chrome");
      if (existsSync(exe)) return exe;
    }
  }
  for (const exe of [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ]) {
    if (existsSync(exe)) return exe;
  }
  throw new Error(
    "no Chromium or Chrome found for the PDF: install one with `apt-get install -y chromium` (Debian/Ubuntu), " +
      "or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium executable",
  );
}
