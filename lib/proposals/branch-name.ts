import { z } from "../zod";

export const DEFAULT_BRANCH_PATTERN = "allegro/{slug}-{id}";

/** Lower-case words joined by "-", at most 40 characters: a safe part of a git ref. */
export function slugify(text: string, fallback = "template"): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || fallback;
}

/** A pattern must name {id} (so each proposal gets its own branch) and stay a valid branch name. */
export const branchPatternSchema = z
  .string()
  .trim()
  .min(1, "Enter a branch name pattern")
  .max(100, "At most 100 characters")
  .refine((p) => p.includes("{id}"), "Include {id}, so each proposal gets a branch of its own")
  .refine(
    (p) => isValidBranchName(fillBranchPattern(p, { slug: "a", user: "a", id: "0" })),
    "Not a valid branch name: use letters, digits, '-', '_', '.', '/' and the placeholders {slug}, {user}, {id}",
  );

export function fillBranchPattern(pattern: string, values: { slug: string; user: string; id: string }): string {
  return pattern.replaceAll("{slug}", values.slug).replaceAll("{user}", values.user).replaceAll("{id}", values.id);
}

/** The subset of git's ref rules a branch we create must follow. */
export function isValidBranchName(name: string): boolean {
  return (
    /^[A-Za-z0-9._/-]+$/.test(name) &&
    !name.startsWith("/") &&
    !name.endsWith("/") &&
    !name.endsWith(".") &&
    !name.endsWith(".lock") &&
    !name.includes("..") &&
    !name.includes("//") &&
    !name.split("/").some((part) => part.startsWith("."))
  );
}

export function branchNameFor(
  pattern: string | null,
  values: { templateName: string; userEmail: string; id: string },
): string {
  return fillBranchPattern(pattern ?? DEFAULT_BRANCH_PATTERN, {
    slug: slugify(values.templateName),
    user: slugify(values.userEmail.split("@")[0] ?? "", "user"),
    id: values.id,
  });
}
