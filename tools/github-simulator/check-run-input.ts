import type { Annotation, CheckRun } from "./model";

/**
 * The body of "Create a check run" / "Update a check run", checked against the limits GitHub
 * documents (https://docs.github.com/en/rest/checks/runs): at most 50 annotations per request,
 * `output.title` and `output.summary` required with an output, a conclusion required to complete,
 * `start_column`/`end_column` only on a one-line annotation. Refusals are GitHub's 422.
 */
export type CheckRunInput = Partial<{
  name: string;
  head_sha: string;
  details_url: string;
  external_id: string;
  status: string;
  conclusion: string;
  started_at: string;
  completed_at: string;
  output: { title?: string; summary?: string; text?: string; annotations?: Partial<Annotation>[] };
}>;

const STATUSES = ["queued", "in_progress", "completed"];
// `stale` is set by GitHub only; apps may not send it.
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"];
const LEVELS = ["notice", "warning", "failure"];
const MAX_ANNOTATIONS = 50;
const MAX_TEXT = 65535;

export type Checked = { ok: true; annotations: Annotation[] } | { ok: false; message: string };

const refuse = (message: string): Checked => ({ ok: false, message: `Invalid request.\n\n${message}` });
const isLine = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;

export function checkRunInput(input: CheckRunInput, creating: boolean, existing?: CheckRun): Checked {
  if (creating && typeof input.name !== "string") return refuse('"name" wasn\'t supplied.');
  if (creating && typeof input.head_sha !== "string") return refuse('"head_sha" wasn\'t supplied.');
  if (input.status !== undefined && !STATUSES.includes(input.status))
    return refuse(`${JSON.stringify(input.status)} is not a member of ${JSON.stringify(STATUSES)}.`);
  if (input.conclusion !== undefined && !CONCLUSIONS.includes(input.conclusion))
    return refuse(`${JSON.stringify(input.conclusion)} is not a member of ${JSON.stringify(CONCLUSIONS)}.`);
  const completing = input.status === "completed" || input.completed_at !== undefined;
  if (completing && input.conclusion === undefined && !existing?.conclusion)
    return refuse('"conclusion" wasn\'t supplied: a completed check run needs a conclusion.');
  const output = input.output;
  if (output === undefined) return { ok: true, annotations: [] };
  if (typeof output.title !== "string") return refuse('"title" wasn\'t supplied (output).');
  if (typeof output.summary !== "string") return refuse('"summary" wasn\'t supplied (output).');
  if (output.summary.length > MAX_TEXT || (output.text?.length ?? 0) > MAX_TEXT)
    return refuse(`output.summary and output.text are limited to ${MAX_TEXT} characters.`);
  const annotations = output.annotations ?? [];
  if (!Array.isArray(annotations)) return refuse('"annotations" must be an array.');
  if (annotations.length > MAX_ANNOTATIONS)
    return refuse(`No more than ${MAX_ANNOTATIONS} annotations are allowed per request (got ${annotations.length}).`);
  for (const [index, a] of annotations.entries()) {
    const problem = annotationProblem(a);
    if (problem) return refuse(`output.annotations[${index}]: ${problem}`);
  }
  return { ok: true, annotations: annotations as Annotation[] };
}

function annotationProblem(a: Partial<Annotation>): string | null {
  for (const field of ["path", "annotation_level", "message"] as const)
    if (typeof a[field] !== "string" || !a[field]) return `"${field}" wasn't supplied.`;
  if (!isLine(a.start_line) || !isLine(a.end_line)) return '"start_line" and "end_line" must be line numbers from 1.';
  if (a.end_line! < a.start_line!) return '"end_line" must not be before "start_line".';
  if (!LEVELS.includes(a.annotation_level!))
    return `${JSON.stringify(a.annotation_level)} is not a member of ${JSON.stringify(LEVELS)}.`;
  const columns = a.start_column !== undefined || a.end_column !== undefined;
  if (columns && a.start_line !== a.end_line)
    return '"start_column" and "end_column" are only allowed when "start_line" equals "end_line".';
  if (a.start_column !== undefined && !isLine(a.start_column)) return '"start_column" must be a column from 1.';
  if (a.end_column !== undefined && !isLine(a.end_column)) return '"end_column" must be a column from 1.';
  if ((a.title?.length ?? 0) > 255) return '"title" is limited to 255 characters.';
  if (a.message!.length > MAX_TEXT) return '"message" is limited to 64 KB.';
  return null;
}
