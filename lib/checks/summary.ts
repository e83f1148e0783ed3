import type { SyncCounts } from "../sync/results";
import type { CheckOutput } from "./check-run";
import { escapeMarkdown, markdownPath, plainText } from "./markdown";
import type { PlanEntry } from "./pull-request-plan";

/** Rows of the per-file table; a pull request touching more files says how many are left out. */
const MAX_ROWS = 100;

export function countsTable(counts: SyncCounts) {
  const names: (keyof SyncCounts)[] = ["created", "updated", "moved", "deleted", "unchanged", "invalid"];
  return `| ${names.join(" | ")} |\n| ${names.map(() => "---:").join(" | ")} |\n| ${names.map((n) => counts[n]).join(" | ")} |`;
}

/** The check's output: a title, the counts, each path with its action (capped), the settings link. */
export function planOutput(input: {
  title: string;
  counts: SyncCounts;
  entries: PlanEntry[];
  settingsUrl: string;
  notes?: string[];
}): CheckOutput {
  const { title, counts, entries, settingsUrl, notes = [] } = input;
  const rows = entries
    .slice(0, MAX_ROWS)
    .map((e) => `| ${markdownPath(e.path)} | ${e.action}${e.from ? ` from ${markdownPath(e.from)}` : ""} |`);
  const files = entries.length
    ? `| file | what the merge does |\n| --- | --- |\n${rows.join("\n")}${entries.length > MAX_ROWS ? `\n\n…and ${entries.length - MAX_ROWS} more files.` : ""}`
    : "No template file changes.";
  const summary = [
    ...notes.map(escapeMarkdown),
    countsTable(counts),
    files,
    `[GitHub Sync settings](${settingsUrl})`,
  ].join("\n\n");
  return { title: plainText(title), summary };
}

export const settingsUrlOf = (appUrl: string) => `${appUrl.replace(/\/+$/, "")}/settings/github-sync`;
