import { z } from "@/lib/zod";
import { clientAddress } from "@/lib/auth/client-address";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { operatorCookieOptions, sealOperatorSession, SETUP_COOKIE } from "@/lib/setup/operator";
import { verifySetupCode } from "@/lib/setup/setup-code";

const bodySchema = z.object({ code: z.string().max(200) }).strict();

/** The operator enters the setup code: a right one sets the setup cookie; wrong ones are throttled. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const body = bodySchema.safeParse(await request.json().catch(() => null));
    if (!body.success) throw new AppError("validation", "Enter the setup code.");
    await verifySetupCode(getDb(), body.data.code, {
      address: clientAddress(request.headers),
      envCode: getEnv().setupCode,
    });
    const options = operatorCookieOptions();
    const cookie = [
      `${SETUP_COOKIE}=${encodeURIComponent(await sealOperatorSession())}`,
      `Path=${options.path}`,
      `Max-Age=${options.maxAge}`,
      "HttpOnly",
      "SameSite=Lax",
      ...(options.secure ? ["Secure"] : []),
    ].join("; ");
    return new Response(null, { status: 204, headers: { "set-cookie": cookie } });
  } catch (error) {
    return toErrorResponse(error, "POST /api/setup/github/session");
  }
}
