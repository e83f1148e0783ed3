import { z } from "../zod";
import { AppError } from "../errors";

/** The bodies of the proposal API (issue 21), parsed once at the boundary. */
const options = {
  title: z
    .string()
    .trim()
    .min(1, "title must not be empty")
    .max(256, "title must be at most 256 characters")
    .optional(),
  description: z.string().max(10_000, "description must be at most 10,000 characters").optional(),
  proposal: z.number().int().positive().optional(),
};

const changeBody = z.union([
  z.object({ text: z.string(), delete: z.literal(false).optional(), ...options }).strict(),
  z.object({ delete: z.literal(true), ...options }).strict(),
]);

const newFileBody = z.object({ path: z.string().min(1).max(1024), text: z.string(), ...options }).strict();

export type ChangeBody = z.infer<typeof changeBody>;
export type NewFileBody = z.infer<typeof newFileBody>;

function parse<T>(schema: z.ZodType<T>, text: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".");
    throw new AppError(
      "bad_request",
      field ? `${field}: ${issue.message}` : `Expected {"text": "…"} or {"delete": true}: ${issue.message}`,
    );
  }
  return result.data;
}

export const parseChangeBody = (text: string) => parse(changeBody, text);
export const parseNewFileBody = (text: string) => parse(newFileBody, text);
