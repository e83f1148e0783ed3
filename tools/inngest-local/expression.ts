/**
 * The small subset of CEL (Common Expression Language) that Inngest keys and `if`
 * filters use in this app: `event.data.x` paths, string/number/boolean literals,
 * `+` (string concatenation or numbers), `==`, `!=`, `&&`, `||` and parentheses.
 * Anything else is refused with an error naming the expression, never guessed.
 */
type Token = { kind: "path" | "string" | "number" | "op" | "literal"; text: string; value?: unknown };
type Node =
  | { kind: "value"; value: unknown }
  | { kind: "path"; path: string[] }
  | { kind: "binary"; op: string; left: Node; right: Node };

export class UnsupportedExpressionError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\|\||&&|==|!=|\+|\(|\))|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+(?:\.\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new UnsupportedExpressionError(`inngest-local cannot evaluate "${source}" (at ${index})`);
    index = pattern.lastIndex;
    const [, op, single, double, number, path] = match;
    if (op) tokens.push({ kind: "op", text: op });
    else if (single !== undefined || double !== undefined)
      tokens.push({ kind: "string", text: "", value: (single ?? double)!.replace(/\\(.)/g, "$1") });
    else if (number) tokens.push({ kind: "number", text: number, value: Number(number) });
    else if (path === "true" || path === "false" || path === "null")
      tokens.push({ kind: "literal", text: path, value: JSON.parse(path) });
    else tokens.push({ kind: "path", text: path! });
  }
  return tokens;
}

function parse(source: string): Node {
  const tokens = tokenize(source);
  let position = 0;
  const fail = (): never => {
    throw new UnsupportedExpressionError(`inngest-local cannot evaluate "${source}"`);
  };
  const binary = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    while (tokens[position]?.kind === "op" && ops.includes(tokens[position]!.text)) {
      const op = tokens[position++]!.text;
      left = { kind: "binary", op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = tokens[position++] ?? fail();
    if (token.kind === "op" && token.text === "(") {
      const inner = or();
      if (tokens[position++]?.text !== ")") fail();
      return inner;
    }
    if (token.kind === "path") {
      const path = token.text.split(".");
      if (path[0] !== "event") fail();
      return { kind: "path", path: path.slice(1) };
    }
    if (token.kind === "op") fail();
    return { kind: "value", value: token.value };
  };
  const sum = binary(["+"], primary);
  const equality = binary(["==", "!="], sum);
  const and = binary(["&&"], equality);
  const or = binary(["||"], and);
  const tree = or();
  if (position !== tokens.length) fail();
  return tree;
}

function evaluate(node: Node, event: unknown, source: string): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "path")
    return node.path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key] ?? null, event);
  const left = evaluate(node.left, event, source);
  if (node.op === "&&") return left === true && evaluate(node.right, event, source) === true;
  if (node.op === "||") return left === true || evaluate(node.right, event, source) === true;
  const right = evaluate(node.right, event, source);
  if (node.op === "==") return left === right;
  if (node.op === "!=") return left !== right;
  // CEL has no implicit conversion: "a" + 1 is an error there, so it is one here.
  if (typeof left === "string" && typeof right === "string") return left + right;
  if (typeof left === "number" && typeof right === "number") return left + right;
  throw new UnsupportedExpressionError(`"${source}": cannot add ${typeof left} and ${typeof right}`);
}

const cache = new Map<string, Node>();

/** Evaluates `source` against `{ event }`; throws UnsupportedExpressionError for what the subset lacks. */
export function evaluateExpression(source: string, event: unknown): unknown {
  let tree = cache.get(source);
  if (!tree) cache.set(source, (tree = parse(source)));
  return evaluate(tree, event, source);
}

/** Checks an expression parses (at registration, so an unsupported one fails loudly and early). */
export function assertSupported(source: string) {
  if (!cache.has(source)) cache.set(source, parse(source));
}
