import type { AppError } from "@/lib/errors";

/**
 * Why deleting a template failed. Only the code travels in the URL
 * (`/templates?error=<code>`): the page shows our own message for a known code
 * and nothing for anything else, so a crafted link cannot put text on the page.
 */
const DELETE_ERRORS = {
  not_found: "That template no longer exists: it was probably deleted already.",
  managed_by_github:
    "This template is managed by GitHub Sync: delete its file in the repository, or disconnect GitHub Sync to delete it here.",
  not_deleted: "The template could not be deleted. Try again.",
} as const;

export type DeleteErrorCode = keyof typeof DELETE_ERRORS;

export function deleteErrorCode(error: AppError): DeleteErrorCode {
  if (error.code === "not_found") return "not_found";
  if (error.code === "conflict") return "managed_by_github";
  return "not_deleted";
}

export function deleteErrorMessage(code: unknown): string | null {
  return typeof code === "string" && Object.hasOwn(DELETE_ERRORS, code) ? DELETE_ERRORS[code as DeleteErrorCode] : null;
}
