/**
 * Completes Next's standalone output so `node server.js` in `.next/standalone` serves
 * everything: Next leaves `.next/static` and `public/` for the deployer to copy (its docs,
 * "output: standalone"), and the client-address hook is preloaded the way `npm start` does.
 * Run by `npm run build` after `next build`; the Dockerfile copies the same files.
 */
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const STANDALONE_DIR = path.join(root, ".next", "standalone");

export function prepareStandalone(): void {
  if (!fs.existsSync(path.join(STANDALONE_DIR, "server.js")))
    throw new Error(
      `${STANDALONE_DIR}/server.js is missing: run next build first (next.config.ts has output: "standalone")`,
    );
  fs.cpSync(path.join(root, ".next", "static"), path.join(STANDALONE_DIR, ".next", "static"), { recursive: true });
  if (fs.existsSync(path.join(root, "public")))
    fs.cpSync(path.join(root, "public"), path.join(STANDALONE_DIR, "public"), { recursive: true });
  fs.copyFileSync(
    path.join(root, "scripts", "client-address-hook.mjs"),
    path.join(STANDALONE_DIR, "client-address-hook.mjs"),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) prepareStandalone();
