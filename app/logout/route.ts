import { revokeSession } from "@/lib/auth/session-store";
import { readCookie, sessionCookieName, sessionCookieOptions, unsealSession } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Ends the session server-side (a copied cookie stops working too), then clears the cookie. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const session = await unsealSession(readCookie(request.headers.get("cookie"), sessionCookieName()));
    if (session) await revokeSession(session.id);
  } catch (error) {
    return toErrorResponse(error, "POST /logout");
  }
  const response = new Response(null, { status: 303, headers: { location: `${getEnv().appUrl}/login` } });
  const { secure, sameSite, path } = sessionCookieOptions();
  response.headers.append(
    "set-cookie",
    `${sessionCookieName()}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=${sameSite}${secure ? "; Secure" : ""}`,
  );
  return response;
}
