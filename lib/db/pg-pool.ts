import pg from "pg";

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

type Field = { dataTypeID: number };

function retypeNameColumns<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: Field[] } | undefined)?.fields;
    for (const field of fields ?? []) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * Works around prisma/orm issue 27403: @prisma/adapter-pg 6.19 throws
 * "Unsupported column type" on `name` (OID 19) and `"char"` (OID 18) columns,
 * which the schema engine reads from the catalogs while migrating. Prisma 7 maps
 * both to text; we do the same on pg's result fields before the adapter sees
 * them. A Client subclass was chosen over patching the adapter's dist file so
 * that an adapter upgrade cannot silently drop the fix.
 */
class TextNameClient extends pg.Client {
  // pg's overloads are impractical to restate; the wrapper only post-processes results.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: unknown, res: unknown) => last(err, err ? res : retypeNameColumns(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(retypeNameColumns) : out;
  }
}

export function createPgPool(connectionString: string, max = 10): pg.Pool {
  return new pg.Pool({ connectionString, max, Client: TextNameClient });
}
