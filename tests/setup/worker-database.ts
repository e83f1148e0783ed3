import { ensureDatabase } from "../../lib/db/embedded-postgres";

/**
 * This worker's own copy of the run's migrated database, made on its first test
 * file (CREATE DATABASE … TEMPLATE copies schema and rows in one statement).
 * Files of one worker run one after another, so they may share it.
 */
export function workerDatabase(serverUrl: string, templateUrl: string, poolId: string): Promise<string> {
  const template = new URL(templateUrl).pathname.slice(1);
  return ensureDatabase(serverUrl, `${template}_w${poolId.replace(/\D/g, "")}`, template);
}
