import { z } from "../zod";
import { JsonSyntaxError, parseStrictJson, type JsonValue } from "./strict-json";

// This module runs in the browser (the editor): zod's JIT probes `new Function`, which the
// Content-Security-Policy (no 'unsafe-eval') reports as a violation. Parse without it.
z.config({ jitless: true });

/** A template document is at most 1 MB, wherever it comes from (editor, API, GitHub). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/**
 * The one definition of a template document, used by the editor, the API and
 * GitHub sync, and published as JSON Schema at /schemas/template.json.
 * The whole document is stored as the template's content.
 */
export const templateDocumentSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string({ error: '"name" must be a string' })
      // A pattern rather than trim(), so the published JSON Schema says the same.
      .regex(/\S/, '"name" must not be empty')
      .max(200, '"name" must be at most 200 characters'),
    description: z.string({ error: '"description" must be a string' }).optional(),
  })
  .loose()
  .meta({ title: "Allegro template", description: "A template document synced from GitHub or edited in Allegro." });

export type TemplateDocument = z.infer<typeof templateDocumentSchema> & Record<string, JsonValue>;

export type DocumentProblem = { message: string; line?: number; column?: number };

export type ParsedDocument =
  | { ok: true; document: TemplateDocument; name: string; description: string | null }
  | { ok: false; problem: DocumentProblem };

export const withoutBom = (text: string) => (text.startsWith("\uFEFF") ? text.slice(1) : text);

/** Validates a template document given as text (a BOM is tolerated). */
export function parseTemplateText(text: string): ParsedDocument {
  const body = withoutBom(text);
  let value: JsonValue;
  try {
    value = parseStrictJson(body);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return {
        ok: false,
        problem: { message: `Invalid JSON: ${error.message}`, line: error.line, column: error.column },
      };
    }
    throw error;
  }
  return validateTemplateDocument(value);
}

function validateTemplateDocument(value: unknown): ParsedDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: { message: "A template must be a JSON object" } };
  }
  const result = templateDocumentSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const message = issue.message.startsWith('"') ? issue.message : `"${issue.path.join(".")}" ${issue.message}`;
    return { ok: false, problem: { message } };
  }
  const document = value as TemplateDocument;
  return { ok: true, document, name: result.data.name, description: result.data.description ?? null };
}

/** Decodes bytes as UTF-8, refusing invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
