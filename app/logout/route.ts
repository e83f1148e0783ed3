import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return toErrorResponse(error, "POST /logout");
  }
  const response = new Response(null, { status: 303, headers: { location: `${getEnv().appUrl}/login` } });
  const { secure, sameSite, path } = sessionCookieOptions();
  response.headers.append(
    "set-cookie",
    `${SESSION_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=${sameSite}${secure ? "; Secure" : ""}`,
  );
  return response;
}
