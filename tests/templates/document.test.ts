import { describe, expect, it } from "vitest";
import { decodeUtf8, parseTemplateText } from "@/lib/templates/document";
import { JsonSyntaxError, parseStrictJson } from "@/lib/templates/strict-json";

describe("parseStrictJson", () => {
  it("parses what JSON.parse parses", () => {
    const samples = ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', "[]", '"s"', "0", '{"nested":{"deep":[{}]}}'];
    for (const sample of samples) expect(parseStrictJson(sample)).toEqual(JSON.parse(sample));
  });

  it.each([
    ["{", 1, 2, /expected a property name/],
    ['{"a": 1\n  "b": 2}', 2, 3, /expected "," or "}"/],
    ["[1, 2,]", 1, 7, /expected a value/],
    ['{"a": 01}', 1, 8, /expected "," or "}"/],
    ['"unterminated', 1, 1, /unterminated string/],
    ["{} {}", 1, 4, /after the JSON value/],
    ['{"a": 1, "a": 2}', 1, 10, /duplicate key "a"/],
  ])("reports %j at line %i, column %i", (text, line, column, message) => {
    try {
      parseStrictJson(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).message).toMatch(message);
      expect((error as JsonSyntaxError).line).toBe(line);
      expect((error as JsonSyntaxError).column).toBe(column);
    }
  });

  it("keeps a __proto__ key as plain data", () => {
    const value = parseStrictJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});

describe("parseTemplateText", () => {
  it("tolerates a UTF-8 byte order mark", () => {
    const result = parseTemplateText('\uFEFF{"name": "With BOM"}');
    expect(result).toMatchObject({ ok: true, name: "With BOM", description: null });
  });

  it("keeps the whole document as content", () => {
    const result = parseTemplateText('{"name": "A", "description": "B", "fields": [1]}');
    expect(result.ok && result.document).toEqual({ name: "A", description: "B", fields: [1] });
  });

  it("refuses invalid UTF-8 instead of replacing it", () => {
    expect(decodeUtf8(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeNull();
    expect(decodeUtf8(new TextEncoder().encode('{"name":"é"}'))).toBe('{"name":"é"}');
  });
});
