/**
 * npm run db:migrate / db:seed. DATABASE_URL unset: the embedded development
 * database in .data/dev (started for the command, then stopped).
 */
import { createDb } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/local-database";
import { runMigrations } from "../lib/db/migrate";
import { seedDemo } from "../prisma/seed";

const command = process.argv[2];
const log = (line: string) => console.log(`[db] ${line}`);
if (command !== "migrate" && command !== "seed") {
  console.error("usage: tsx scripts/db.ts migrate|seed");
  process.exit(2);
}

const database = await resolveDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: ".data/dev", log });
try {
  if (!database.embedded) await runMigrations(database.url);
  log("migrations applied");
  if (command === "seed") {
    const db = createDb(database.url);
    await seedDemo(db);
    await db.$disconnect();
    log("demo data seeded (organization Acme; see README for the demo users)");
  }
} finally {
  await database.stop();
}
