export const dynamic = "force-dynamic";

/** GET /api/health: liveness. Touches no dependency, so a slow database never restarts the app. */
export async function GET(): Promise<Response> {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
