import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import type { Db } from "@/lib/db/client";

/**
 * A Prisma client on its own pool that records the text of every SQL statement it sends
 * (transaction control left out), to hold a page to a number of statements.
 */
export function countingDb(connectionString: string): { db: Db; statements: string[]; close: () => Promise<void> } {
  const statements: string[] = [];
  class CountingClient extends pg.Client {
    // pg's overloads are impractical to restate; this only records the statement's text.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === "string" ? first : (first?.text ?? "");
      if (!/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET TRANSACTION)\b/i.test(text)) statements.push(text);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString, max: 4, Client: CountingClient });
  const db = new PrismaClient({ adapter: new PrismaPg(pool) }) as Db;
  return { db, statements, close: () => db.$disconnect() };
}

/** Runs `work` with `db` as the process-wide client (getDb()), then puts the previous one back. */
export async function withGlobalDb<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as unknown as { __allegroDb?: Db };
  const previous = holder.__allegroDb;
  holder.__allegroDb = db;
  try {
    return await work();
  } finally {
    holder.__allegroDb = previous;
  }
}
