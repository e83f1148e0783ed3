import { getDb } from "@/lib/db/client";

/**
 * Benchmark only (built with ALLEGRO_BENCH_ROUTES=1): the second floor, the
 * empty route plus one bare `SELECT 1` round trip through the app's database
 * client, the least any route that records a delivery can cost.
 */
export async function POST(request: Request): Promise<Response> {
  await request.arrayBuffer();
  await getDb().$queryRaw`SELECT 1`;
  return Response.json({ status: "ok" });
}
