import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { securityHeaders } from "@/lib/http/security-headers";

/** Security headers and a fresh CSP nonce per request; Next reads the nonce from the request's CSP header. */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const headers = securityHeaders({
    nonce: Buffer.from(crypto.randomUUID()).toString("base64"),
    development: env.mode === "development",
    https: env.secureCookies,
    githubOrigin: env.githubHost.webUrl,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
