/**
 * A strict JSON (RFC 8259) parser that, unlike JSON.parse, reports errors with
 * line and column on every Node version and rejects duplicate object keys
 * (JSON.parse silently keeps the last one, which would hide a mistake in a
 * template file). It also refuses what a template cannot be stored with:
 * "\u0000" and unpaired surrogates, which PostgreSQL's jsonb rejects (one such
 * file used to fail every sync of its repository instead of being listed).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const HEX4 = /^[0-9a-fA-F]{4}$/;
const LOW_SURROGATE_ESCAPE = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})$/;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
/** PostgreSQL's jsonb refuses half a surrogate pair, and text turns it into U+FFFD. */
const UNPAIRED = "unpaired UTF-16 surrogate in string (half of a character that takes two)";
/** Sticky: matches at lastIndex only, without slicing the rest of the text. */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function parseStrictJson(text: string): JsonValue {
  let i = 0;

  const fail = (message: string, at = i): never => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text[k] === "\n") {
        line++;
        lineStart = k + 1;
      }
    }
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  };
  const describe = () => (i >= text.length ? "end of input" : `"${text[i]}"`);
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > 512) fail("nesting deeper than 512 levels");
    skipSpace();
    const c = text[i];
    if (c === "{") return parseObject(depth);
    if (c === "[") return parseArray(depth);
    if (c === '"') return parseString();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return parseNumber();
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(`unexpected ${describe()}, expected a value`);
  };

  const parseObject = (depth: number): JsonValue => {
    i++;
    const result: Record<string, JsonValue> = {};
    const seen = new Set<string>();
    skipSpace();
    if (text[i] === "}") {
      i++;
      return result;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`unexpected ${describe()}, expected a property name in double quotes`);
      const keyAt = i;
      const key = parseString();
      if (seen.has(key)) fail(`duplicate key "${key}"`, keyAt);
      seen.add(key);
      skipSpace();
      if (text[i] !== ":") fail(`unexpected ${describe()}, expected ":" after property name`);
      i++;
      const value = parseValue(depth + 1);
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return result;
      }
      fail(`unexpected ${describe()}, expected "," or "}" after property value`);
    }
  };

  const parseArray = (depth: number): JsonValue => {
    i++;
    const result: JsonValue[] = [];
    skipSpace();
    if (text[i] === "]") {
      i++;
      return result;
    }
    for (;;) {
      result.push(parseValue(depth + 1));
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return result;
      }
      fail(`unexpected ${describe()}, expected "," or "]" after array element`);
    }
  };

  // Plain characters are copied a run at a time (one slice per run, not one string per character).
  const parseString = (): string => {
    const start = i;
    i++;
    let out = "";
    let run = i;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (Number.isNaN(code)) fail("unterminated string", start);
      if (code < 0x20) fail("control character in string (escape it)");
      if (code >= 0xd800 && code <= 0xdfff) {
        if (code > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) fail(UNPAIRED);
        i += 2;
        continue;
      }
      if (code !== BACKSLASH) {
        i++;
        continue;
      }
      out += text.slice(run, i);
      const e = text[i + 1];
      if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
        out += SIMPLE_ESCAPES[e];
        i += 2;
      } else if (e === "u" && HEX4.test(text.slice(i + 2, i + 6))) {
        const unit = parseInt(text.slice(i + 2, i + 6), 16);
        if (unit === 0) fail('"\\u0000" (a NUL character) cannot be stored in a template');
        if (unit >= 0xd800 && unit <= 0xdfff) {
          // A surrogate is kept only as the first half of an escaped pair.
          const low = LOW_SURROGATE_ESCAPE.exec(text.slice(i + 6, i + 12));
          if (unit > 0xdbff || !low) fail(UNPAIRED);
          out += String.fromCharCode(unit, parseInt(low![1]!, 16));
          i += 12;
        } else {
          out += String.fromCharCode(unit);
          i += 6;
        }
      } else {
        fail("invalid escape sequence in string");
      }
      run = i;
    }
  };

  const parseNumber = (): number => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) return fail("invalid number");
    i += match[0].length;
    return Number(match[0]);
  };

  const value = parseValue(0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return value;
}
