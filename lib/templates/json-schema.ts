import { z } from "../zod";
import { templateDocumentSchema } from "./document";

/**
 * The template document as JSON Schema (draft-07, which every editor knows),
 * generated from the one zod definition, so editor validation and Allegro's own
 * cannot disagree. Duplicate keys and UTF-8 are checked by Allegro only.
 */
export function templateJsonSchema(id: string) {
  return {
    ...z.toJSONSchema(templateDocumentSchema, { target: "draft-7", io: "input" }),
    $id: id,
  };
}
