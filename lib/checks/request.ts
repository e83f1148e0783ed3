import { z } from "../zod";

/**
 * The contract for asking for a pull request check: what the `pull_request` and
 * `check_run.rerequested` webhooks record in the outbox, and what the check job accepts.
 */
export const CHECK_REQUESTED_EVENT = "github/templates.check.requested";
export const CHECK_NAME = "Allegro templates";

const numericId = z.string().regex(/^\d+$/);

export const checkRequestSchema = z.object({
  tenantId: numericId,
  installationId: numericId,
  /** owner/name as the webhook gave it (the job re-checks it against the connection). */
  repository: z.string().min(3),
  pullNumber: z.number().int().positive(),
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  baseRef: z.string().min(1),
  trigger: z.enum(["opened", "synchronize", "reopened", "ready_for_review", "rerequested"]),
});
export type CheckRequest = z.infer<typeof checkRequestSchema>;
