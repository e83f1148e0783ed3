/** The app's webhook route handler in a process of its own (as in the Next server), for the load measurement. */
import { startRouteServer } from "../tools/route-server";

const webhookRoute = await import("../app/github/webhooks/route");
const routes = await startRouteServer({ "/github/webhooks": webhookRoute });
// Warm the database pool and the query compiler before the measurement.
const { getDb } = await import("../lib/db/client");
await Promise.all(Array.from({ length: 10 }, () => getDb().githubAppInstallation.count()));
process.stdout.write(`${routes.url}\n`);
process.on("SIGTERM", async () => {
  await routes.close();
  process.exit(0);
});
