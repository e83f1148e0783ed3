import fs from "node:fs";

/** Debian's Chromium (Playwright's own browser download cannot run on these machines). */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((candidate): candidate is string => Boolean(candidate && fs.existsSync(candidate))) ?? null;
}

export const CHROMIUM_MISSING = [
  "No Chromium found for the end-to-end tests.",
  "Install Debian's: apt-get update && apt-get install -y chromium",
  "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
].join("\n");
