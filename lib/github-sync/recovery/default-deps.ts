import { getDb } from "../../db/client";
import { githubHookDeliveries } from "./hook-deliveries";
import type { RecoveryDeps } from "./recover-deliveries";

/** Recovery against this process's database and the configured GitHub App (without in-process retries). */
export const defaultRecoveryDeps = (): RecoveryDeps => ({
  db: getDb(),
  github: githubHookDeliveries(),
  now: () => new Date(),
});
