import { CHROMIUM_MISSING, findChromium } from "./chromium";

const chromium = findChromium();
if (!chromium) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
console.log(`end-to-end tests use ${chromium}`);
