import { changePassword, parseChangePassword } from "@/lib/auth/change-password";
import { requireSessionFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http/read-json";
import { assertSameOrigin } from "@/lib/http/same-origin";

/**
 * Body: `{"current_password": "…", "new_password": "…"}`. Changes the signed-in user's password
 * and ends their other sessions; this one stays signed in. 422 names the field at fault.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const { session, actor } = await requireSessionFromRequest(request);
    const body = parseChangePassword(await readJson(request, 8 * 1024));
    const { revokedSessions } = await changePassword(actor, body.current_password, body.new_password, {
      keepSessionId: session.id,
    });
    return Response.json({ changed: true, revoked_sessions: revokedSessions });
  } catch (error) {
    return toErrorResponse(error, "POST /api/account/password");
  }
}
