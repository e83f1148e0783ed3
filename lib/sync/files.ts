import {
  decodeUtf8,
  MAX_TEMPLATE_BYTES,
  parseTemplateText,
  withoutBom,
  type DocumentProblem,
} from "../templates/document";
import type { JsonValue } from "../templates/strict-json";

/** A .json blob of the branch head: [path, blob sha, size in bytes]. Tuples keep step outputs small. */
export type TreeFile = [path: string, sha: string, size: number];

/** The .json blobs under the configured folder (the whole repository when empty). */
export function selectTemplateFiles(
  entries: { path?: string; type?: string; sha?: string; size?: number }[],
  folder: string,
): TreeFile[] {
  const prefix = folder ? `${folder}/` : "";
  return entries
    .filter(
      (e) =>
        e.type === "blob" && e.path && e.sha && e.path.toLowerCase().endsWith(".json") && e.path.startsWith(prefix),
    )
    .map((e) => [e.path!, e.sha!, e.size ?? 0] as TreeFile)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export type ValidatedFile =
  | { ok: true; name: string; description: string | null; content: { [key: string]: JsonValue }; text: string }
  | { ok: false; problem: DocumentProblem };

/** Checks a fetched file: size, UTF-8 (BOM tolerated), strict JSON, then the template schema. */
export function validateTemplateFile(bytes: Uint8Array, maxBytes = MAX_TEMPLATE_BYTES): ValidatedFile {
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const text = decodeUtf8(bytes);
  if (text === null) return { ok: false, problem: { message: "The file is not valid UTF-8." } };
  const parsed = parseTemplateText(text);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    name: parsed.name,
    description: parsed.description,
    content: parsed.document,
    text: withoutBom(text),
  };
}

export function tooLarge(size: number, maxBytes = MAX_TEMPLATE_BYTES): ValidatedFile {
  const limit = maxBytes === 1024 * 1024 ? "1 MB" : `${Math.round((maxBytes / 1024) * 10) / 10} KB`;
  return {
    ok: false,
    problem: {
      message: `The file is ${size} bytes; templates are limited to ${limit} (${maxBytes} bytes), so it was not downloaded.`,
    },
  };
}
