/**
 * Benchmark only: the floor the webhook route is measured against (a route
 * handler that reads the body and answers). It exists only in builds made with
 * ALLEGRO_BENCH_ROUTES=1 (next.config.ts adds the `bench.ts` page extension);
 * production builds never contain it.
 */
export async function POST(request: Request): Promise<Response> {
  await request.arrayBuffer();
  return Response.json({ status: "ok" });
}
