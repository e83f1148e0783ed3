import type { z } from "zod";
import { checkRunSchema } from "./handlers/check-run";
import { installationRepositoriesSchema } from "./handlers/installation-repositories";
import { installationSchema } from "./handlers/installation";
import { pullRequestSchema } from "./handlers/pull-request";
import { pushSchema } from "./handlers/push";
import { repositorySchema } from "./handlers/repository";

/** The part of each handled event's body the app reads; a signed body that does not match is refused (400). */
const SCHEMAS: Record<string, z.ZodType> = {
  push: pushSchema,
  pull_request: pullRequestSchema,
  check_run: checkRunSchema,
  installation: installationSchema,
  installation_repositories: installationRepositoriesSchema,
  repository: repositorySchema,
};

/** Null when `payload` fits its event's schema (or the event has none); otherwise why not, for people. */
export function payloadProblem(event: string, payload: unknown): string | null {
  const schema = SCHEMAS[event];
  if (!schema) return null;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.join(".") : "the body";
  return `the ${event} payload does not match its schema: ${where}: ${issue.message}`;
}
