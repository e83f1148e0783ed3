/** Commit messages and pull request bodies: who proposed it in Allegro, and a link back. */

export type Proposer = { name: string; email: string };

/** One line, no angle brackets: a trailer's value cannot be broken out of. */
const clean = (text: string) => text.replace(/[\r\n<>]+/g, " ").trim();

/**
 * GitHub credits the person with a `Co-authored-by:` trailer; the commit itself has no custom
 * author or committer, so GitHub signs it as the app and marks it Verified.
 */
export function commitMessage(title: string, description: string | undefined, by: Proposer): string {
  const body = description?.trim() ? `\n\n${description.trim()}` : "";
  return `${title.trim()}${body}\n\nCo-authored-by: ${clean(by.name)} <${clean(by.email)}>\n`;
}

export function pullRequestBody(input: {
  by: Proposer;
  templateName: string;
  templateUrl: string | null;
  path: string;
  description?: string;
}): string {
  const template = input.templateUrl ? `[${input.templateName}](${input.templateUrl})` : input.templateName;
  const lines = [
    `Proposed in Allegro by **${clean(input.by.name)}** (${clean(input.by.email)}): ${template} (\`${input.path}\`).`,
  ];
  if (input.description?.trim()) lines.push("", input.description.trim());
  lines.push(
    "",
    "---",
    "Opened by Allegro. Once merged, the push sync applies it to Allegro; until then the template stays as synced.",
  );
  return lines.join("\n");
}

export const defaultTitle = (action: "update" | "create" | "delete", name: string) =>
  `${action === "update" ? "Update" : action === "create" ? "Add" : "Delete"} ${name}`.slice(0, 256);
