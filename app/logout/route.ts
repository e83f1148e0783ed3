import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export async function POST(): Promise<Response> {
  const response = new Response(null, { status: 303, headers: { location: `${getEnv().appUrl}/login` } });
  const { secure, sameSite, path } = sessionCookieOptions();
  response.headers.append(
    "set-cookie",
    `${SESSION_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=${sameSite}${secure ? "; Secure" : ""}`,
  );
  return response;
}
