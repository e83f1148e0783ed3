import { z } from "../zod";

/**
 * What a `pull_request` delivery says about a proposal's state. Only GitHub's word makes a
 * proposal merged (`closed` with `merged: true`); `updated_at` orders deliveries, so an older
 * one arriving late never undoes a newer state. Recorded with the delivery (deliveries.ts).
 */
export type ProposalStateUpdate = {
  repositoryId: string;
  number: number;
  state: "open" | "merged" | "closed";
  headSha: string;
  mergeCommitSha: string | null;
  at: string;
};

const TRACKED = ["opened", "closed", "reopened", "synchronize"];

export const proposalEventSchema = z.object({
  action: z.string(),
  number: z.number(),
  pull_request: z.object({
    state: z.string(),
    merged: z.boolean().nullable().optional(),
    merge_commit_sha: z.string().nullable().optional(),
    updated_at: z.string().optional(),
    head: z.object({ sha: z.string() }),
  }),
  repository: z.object({ id: z.number() }),
});

export function proposalStateOf(body: unknown): ProposalStateUpdate | null {
  const parsed = proposalEventSchema.safeParse(body);
  if (!parsed.success || !TRACKED.includes(parsed.data.action)) return null;
  const { action, number, pull_request: pr, repository } = parsed.data;
  const merged = action === "closed" && pr.merged === true;
  return {
    repositoryId: String(repository.id),
    number,
    state: merged ? "merged" : pr.state === "open" ? "open" : "closed",
    headSha: pr.head.sha,
    mergeCommitSha: merged ? (pr.merge_commit_sha ?? null) : null,
    at: pr.updated_at ?? new Date().toISOString(),
  };
}
