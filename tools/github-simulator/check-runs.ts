import { checkRunInput, type CheckRunInput } from "./check-run-input";
import type { IdSequences } from "./ids";
import type { CheckRun, Repository } from "./model";

/**
 * Check runs, created and updated by the app over the REST API. Annotations accumulate across
 * updates, as GitHub documents ("each time you update the check run, annotations are appended").
 * One check suite per app and commit. Kept in memory only, like webhook deliveries.
 */
export class CheckRuns {
  readonly byId = new Map<number, CheckRun>();
  private readonly suites = new Map<string, number>();

  constructor(private readonly ids: IdSequences) {}

  create(repo: Repository, appId: number, input: CheckRunInput, now: Date): { run: CheckRun } | { error: string } {
    const checked = checkRunInput(input, true);
    if (!checked.ok) return { error: checked.message };
    const suiteKey = `${repo.id}:${appId}:${input.head_sha}`;
    if (!this.suites.has(suiteKey)) this.suites.set(suiteKey, this.ids.next("check"));
    const run: CheckRun = {
      id: this.ids.next("check"),
      repositoryId: repo.id,
      appId,
      name: input.name!,
      headSha: input.head_sha!,
      status: "queued",
      conclusion: null,
      detailsUrl: input.details_url ?? null,
      externalId: input.external_id ?? null,
      startedAt: input.started_at ? new Date(input.started_at) : now,
      completedAt: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      checkSuiteId: this.suites.get(suiteKey)!,
    };
    this.apply(run, input, checked.annotations, now);
    this.byId.set(run.id, run);
    return { run };
  }

  update(run: CheckRun, input: CheckRunInput, now: Date): { run: CheckRun } | { error: string } {
    const checked = checkRunInput(input, false, run);
    if (!checked.ok) return { error: checked.message };
    if (input.name !== undefined) run.name = input.name;
    this.apply(run, input, checked.annotations, now);
    return { run };
  }

  /** The repository's runs on a commit, newest first. */
  onCommit(repo: Repository, sha: string): CheckRun[] {
    return [...this.byId.values()].filter((r) => r.repositoryId === repo.id && r.headSha === sha).reverse();
  }

  private apply(run: CheckRun, input: CheckRunInput, annotations: CheckRun["annotations"], now: Date) {
    if (input.details_url !== undefined) run.detailsUrl = input.details_url;
    if (input.external_id !== undefined) run.externalId = input.external_id;
    if (input.status) run.status = input.status as CheckRun["status"];
    // Giving a conclusion completes the run, whatever the status said.
    if (input.conclusion) {
      run.conclusion = input.conclusion;
      run.status = "completed";
    }
    if (run.status === "completed") run.completedAt = input.completed_at ? new Date(input.completed_at) : now;
    if (input.output) {
      run.output = { title: input.output.title!, summary: input.output.summary!, text: input.output.text ?? null };
      run.annotations.push(...annotations);
    }
  }
}
