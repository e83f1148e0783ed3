/**
 * The small subset of CEL (Common Expression Language) that Inngest keys and `if`
 * filters use in this app: `event.data.x` paths (and `async.data.x`, the incoming event,
 * in a `cancelOn` filter), string/number/boolean literals, `+` (string concatenation or
 * numbers), `==`, `!=`, `&&`, `||` and parentheses.
 * Anything else is refused with an error naming the expression, never guessed.
 */
type Token = { kind: "path" | "string" | "number" | "op" | "literal"; text: string; value?: unknown };
type Node =
  | { kind: "value"; value: unknown }
  | { kind: "path"; root: Root; path: string[] }
  | { kind: "binary"; op: string; left: Node; right: Node };

export class UnsupportedExpressionError extends Error {}

/** `event` is the triggering event; `async` is the event being matched (cancelOn only). */
type Root = "event" | "async";
export type ExpressionContext = { event: unknown; async?: unknown };

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

function parse(source: string, roots: readonly Root[]): Node {
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
      const root = path[0] as Root;
      if (!roots.includes(root)) fail();
      return { kind: "path", root, path: path.slice(1) };
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

function evaluate(node: Node, context: ExpressionContext, source: string): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "path")
    return node.path.reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | null)?.[key] ?? null,
      context[node.root],
    );
  const left = evaluate(node.left, context, source);
  if (node.op === "&&") return left === true && evaluate(node.right, context, source) === true;
  if (node.op === "||") return left === true || evaluate(node.right, context, source) === true;
  const right = evaluate(node.right, context, source);
  if (node.op === "==") return left === right;
  if (node.op === "!=") return left !== right;
  // CEL has no implicit conversion: "a" + 1 is an error there, so it is one here.
  if (typeof left === "string" && typeof right === "string") return left + right;
  if (typeof left === "number" && typeof right === "number") return left + right;
  throw new UnsupportedExpressionError(`"${source}": cannot add ${typeof left} and ${typeof right}`);
}

const cache = new Map<string, Node>();
const cacheKey = (source: string, roots: readonly Root[]) => `${roots.join(",")}\u0000${source}`;

function compile(source: string, roots: readonly Root[]): Node {
  const key = cacheKey(source, roots);
  let tree = cache.get(key);
  if (!tree) cache.set(key, (tree = parse(source, roots)));
  return tree;
}

/** Evaluates `source` against `{ event }`; throws UnsupportedExpressionError for what the subset lacks. */
export function evaluateExpression(source: string, event: unknown): unknown {
  return evaluate(compile(source, ["event"]), { event }, source);
}

/** Evaluates a `cancelOn` filter: `event` is the run's triggering event, `async` the incoming one. */
export function evaluateCancelExpression(source: string, context: Required<ExpressionContext>): unknown {
  return evaluate(compile(source, ["event", "async"]), context, source);
}

/** Checks an expression parses (at registration, so an unsupported one fails loudly and early). */
export function assertSupported(source: string, { allowAsync = false } = {}) {
  compile(source, allowAsync ? ["event", "async"] : ["event"]);
}
