import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "../env";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

const holder = globalThis as unknown as { __allegroDb?: Db };

/** The process-wide client (kept on globalThis so dev hot reloads do not leak pools). */
export function getDb(): Db {
  holder.__allegroDb ??= createDb(getEnv().databaseUrl);
  return holder.__allegroDb;
}
