import { getEnv } from "../env";
import { AppError } from "../errors";

/**
 * Call first in every state-changing route handler (server actions have Next's own
 * check). Cookies are SameSite=Lax, which still lets another site's top-level form
 * POST, and a `text/plain` form needs no CORS preflight: so the request must come
 * from a page of APP_URL's origin, by its Origin header or, when a browser sends
 * none, by `Sec-Fetch-Site: same-origin`. Clients that send neither are refused.
 */
export function assertSameOrigin(request: Request, { json = false }: { json?: boolean } = {}): void {
  const expected = new URL(getEnv().appUrl).origin;
  const origin = request.headers.get("origin");
  const sameOrigin = origin === null ? request.headers.get("sec-fetch-site") === "same-origin" : origin === expected;
  if (!sameOrigin)
    throw new AppError("cross_site", `Cross-site request refused: send it from ${expected} (Origin header).`);
  if (json && mediaType(request.headers.get("content-type")) !== "application/json")
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
}

function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}
