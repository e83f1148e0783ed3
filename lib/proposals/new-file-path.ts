import { AppError } from "../errors";

/**
 * A new template file's path, relative to the repository root like `sync_source`: inside the
 * synced folder, ending in `.json`, without `.`/`..` segments, empty segments or a leading "/".
 */
export function checkNewFilePath(path: string, folder: string | null): string {
  const trimmed = path.trim();
  const inside = folder ? `${folder.replace(/^\/+|\/+$/g, "")}/` : "";
  const problem =
    !trimmed.endsWith(".json") || trimmed === ".json"
      ? "The path must end in .json."
      : trimmed.startsWith("/") || trimmed.split("/").some((part) => part === "" || part === "." || part === "..")
        ? "The path must be relative to the repository root, without empty, '.' or '..' parts."
        : /[\u0000-\u001f\\:*?"<>|]/.test(trimmed)
          ? "The path contains characters a file name cannot have."
          : inside && !trimmed.startsWith(inside)
            ? `The path must be in the synced folder ${inside}.`
            : null;
  if (problem) throw new AppError("validation", problem, { field: "path" });
  return trimmed;
}
