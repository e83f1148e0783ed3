import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/schemas/template.json/route";
import { parseTemplateText } from "@/lib/templates/document";

describe("GET /schemas/template.json", () => {
  it("publishes the template schema that agrees with Allegro's own validation", async () => {
    const response = GET();
    expect(response.headers.get("content-type")).toBe("application/schema+json");
    const schema = await response.json();
    expect(schema).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "http://localhost:3000/schemas/template.json",
      type: "object",
      required: ["name"],
    });
    const validate = new Ajv({ strict: false }).compile(schema);
    const samples = [
      { name: "Welcome", description: "Hi", body: [1] },
      { $schema: "http://localhost:3000/schemas/template.json", name: "With schema" },
      { description: "no name" },
      { name: "" },
      { name: "   " },
      { name: "x".repeat(201) },
      { name: "ok", description: 1 },
    ];
    for (const sample of samples) {
      expect(validate(sample), JSON.stringify(sample).slice(0, 60)).toBe(parseTemplateText(JSON.stringify(sample)).ok);
    }
  });
});
