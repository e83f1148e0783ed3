import pg from "pg";

/**
 * This worker's own copy of the run's migrated database, made on its first test
 * file (CREATE DATABASE … TEMPLATE copies schema and seed rows in one statement).
 * Files of one worker run one after another, so they may share it.
 */
export async function workerDatabase(serverUrl: string, templateUrl: string, poolId: string): Promise<string> {
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `${template}_w${poolId.replace(/\D/g, "")}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
