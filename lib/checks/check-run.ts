import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import type { SyncFileError } from "../sync/results";
import { plainText } from "./markdown";
import { CHECK_NAME } from "./request";

/** GitHub accepts at most 50 annotations per request; later updates append to them. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this many invalid files the summary says how many more there are. */
export const MAX_ANNOTATIONS = 1000;

export type Annotation = {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure";
  title: string;
  message: string;
};
export type CheckOutput = { title: string; summary: string };
export type Conclusion = "success" | "failure" | "neutral" | "cancelled";

/** Each invalid file at the line and column the validator gave (line 1 when it has none). */
export function annotationsFor(errors: SyncFileError[]): Annotation[] {
  return errors.slice(0, MAX_ANNOTATIONS).map((e) => ({
    path: e.path,
    start_line: e.line ?? 1,
    end_line: e.line ?? 1,
    ...(e.line !== undefined && e.column !== undefined ? { start_column: e.column, end_column: e.column } : {}),
    annotation_level: "failure",
    title: "Invalid template",
    message: plainText(e.message),
  }));
}

export function inBatches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export async function createCheckRun(
  octokit: GithubClient,
  repository: string,
  fields: { headSha: string; detailsUrl: string; externalId: string } & (
    { status: "in_progress" } | { conclusion: Conclusion; output: CheckOutput & { annotations?: Annotation[] } }
  ),
): Promise<number> {
  const { headSha, detailsUrl, externalId, ...rest } = fields;
  const { data } = await octokit.rest.checks.create({
    ...splitRepository(repository),
    name: CHECK_NAME,
    head_sha: headSha,
    details_url: detailsUrl,
    external_id: externalId,
    ...rest,
  });
  return Number(data.id);
}

export async function updateCheckRun(
  octokit: GithubClient,
  repository: string,
  checkRunId: number,
  fields: { conclusion?: Conclusion; output: CheckOutput & { annotations?: Annotation[] } },
) {
  await octokit.rest.checks.update({ ...splitRepository(repository), check_run_id: checkRunId, ...fields });
}
