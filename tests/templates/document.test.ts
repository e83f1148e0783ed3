import { describe, expect, it } from "vitest";
import { decodeUtf8, parseTemplateText } from "@/lib/templates/document";
import { JsonSyntaxError, parseStrictJson } from "@/lib/templates/strict-json";

describe("parseStrictJson", () => {
  it("parses what JSON.parse parses", () => {
    const samples = ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', "[]", '"s"', "0", '{"nested":{"deep":[{}]}}'];
    for (const sample of samples) expect(parseStrictJson(sample)).toEqual(JSON.parse(sample));
  });

  it("agrees with JSON.parse on generated documents (escapes, runs of text, numbers, nesting)", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ["plain", " ", "é", "😀", "\\n", "\\t", '\\"', "\\\\", "\\/", "\\u00e9", "\\uD83D\\uDE00", "\\b"];
    const text = () => Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]);
    const numbers = ["0", "-0", "12", "-3.25", "1e3", "2.5E-2", "123456789012345678901234567890"];
    const value = (depth: number): string => {
      const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
      if (kind === 0) return `"${text().join("")}"`;
      if (kind === 1) return numbers[Math.floor(next() * numbers.length)]!;
      if (kind === 2) return ["true", "false", "null"][Math.floor(next() * 3)]!;
      if (kind === 3) return `" ${text().join("")} "`;
      if (kind === 4) return `[${Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1)).join(", ")}]`;
      const keys = Array.from({ length: Math.floor(next() * 4) }, (_, k) => `"k${k}${text().join("")}"`);
      return `{\n  ${keys.map((key) => `${key}: ${value(depth + 1)}`).join(",\n  ")}\n}`;
    };
    for (let n = 0; n < 500; n++) {
      const sample = value(0);
      expect(parseStrictJson(sample)).toEqual(JSON.parse(sample));
    }
  });

  it.each([
    ['"a\tb"', 1, 3, /control character/],
    ['"\\x"', 1, 2, /invalid escape/],
    ['"\\u12G4"', 1, 2, /invalid escape/],
    ["[1, -]", 1, 5, /invalid number/],
    ['{"name": "a\\u0000b"}', 1, 12, /a NUL character\) cannot be stored/],
    ['{\n  "k": "\\uD83D"}', 2, 9, /unpaired UTF-16 surrogate/],
    ['"\\uDE00\\uD83D"', 1, 2, /unpaired UTF-16 surrogate/],
    ['"a\uD83Db"', 1, 3, /unpaired UTF-16 surrogate/],
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
