import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { createPgPool } from "./lib/db/pg-pool";

const databaseUrl = process.env.DATABASE_URL;
// schema.prisma's env("DATABASE_URL") must resolve even for `prisma generate`
// (run by postinstall on a fresh clone): when it does not, Prisma 6.19 falls
// back to downloading its native query engine, which these machines cannot.
// Commands that do connect then fail on the unresolvable host, naming it.
process.env.DATABASE_URL ??= "postgresql://unset.invalid:5432/unset";

/**
 * `prisma migrate deploy` hands each migration file to the adapter's `executeScript`, which
 * @prisma/adapter-pg 6.19 splits on every ";" and runs piece by piece: a plpgsql function body
 * or a ";" in a comment breaks it, and a migration that fails half-way stays half-applied.
 * Prisma's native schema engine sends the file as one simple query, which PostgreSQL runs as
 * one implicit transaction: this adapter does the same (tests/db/migrations.test.ts).
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const driver = adapter.underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await driver.query(script);
      } catch (error) {
        // The adapter's own conversion to a DriverAdapterError, so Prisma reports it as usual.
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

// Rust-free mode: the CLI runs its WASM schema engine through the pg adapter.
export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    // The pool connects lazily, so schema-only commands (generate, migrate diff
    // --from-schema-datamodel) work without a database.
    return new WholeScriptPg(createPgPool(databaseUrl ?? process.env.DATABASE_URL!, 2));
  },
});
