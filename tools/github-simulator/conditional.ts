import { createHash } from "node:crypto";
import type { Context } from "./http";
import type { Reply } from "./reply";

/**
 * GitHub's conditional requests, per its REST docs ("Best practices for using the REST API",
 * Use conditional requests): JSON answers carry an `ETag`; a GET whose `If-None-Match` names it
 * is answered 304 Not Modified with no body, and "does not count against your primary rate
 * limit if a 304 response is returned and the request was made while correctly authorized"
 * (http.ts refunds it). The tag is weak and covers the body and what GitHub's answers vary on
 * (`Vary: Accept, Authorization`): as on GitHub, one installation token's ETag does not match
 * under another token (github/docs issue 34689; GitHub support confirmed it).
 */
export function answerConditionally(ctx: Context, reply: Reply): Reply {
  if (ctx.method !== "GET" || reply.status !== 200 || reply.body === undefined || reply.raw !== undefined) return reply;
  const text = JSON.stringify(reply.body);
  const etag = `W/"${createHash("sha256")
    .update(`${ctx.headers.accept ?? ""}\n${ctx.headers.authorization ?? ""}\n`)
    .update(text)
    .digest("hex")}"`;
  const headers = { etag, vary: "Accept, Authorization" };
  if (matches(ctx.headers["if-none-match"], etag)) return { status: 304, headers, raw: "" };
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", ...reply.headers, ...headers },
    raw: text,
  };
}

/** If-None-Match compares weakly (RFC 9110, 13.1.2): `W/` aside, any listed tag, or `*`, matches. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
