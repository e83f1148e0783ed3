import { getEnv } from "@/lib/env";
import { templateJsonSchema } from "@/lib/templates/json-schema";

/** GET /schemas/template.json: add "$schema" to template files to get validation in editors. */
export function GET(): Response {
  return Response.json(templateJsonSchema(`${getEnv().appUrl}/schemas/template.json`), {
    headers: { "content-type": "application/schema+json", "cache-control": "public, max-age=3600" },
  });
}
