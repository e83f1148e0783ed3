import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { createPgPool } from "./lib/db/pg-pool";

const databaseUrl = process.env.DATABASE_URL;
// schema.prisma's env("DATABASE_URL") must resolve even for `prisma generate`
// (run by postinstall on a fresh clone): when it does not, Prisma 6.19 falls
// back to downloading its native query engine, which these machines cannot.
// Commands that do connect then fail on the unresolvable host, naming it.
process.env.DATABASE_URL ??= "postgresql://unset.invalid:5432/unset";

// Rust-free mode: the CLI runs its WASM schema engine through the pg adapter.
export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    // The pool connects lazily, so schema-only commands (generate, migrate diff
    // --from-schema-datamodel) work without a database.
    return new PrismaPg(createPgPool(databaseUrl ?? process.env.DATABASE_URL!, 2));
  },
});
