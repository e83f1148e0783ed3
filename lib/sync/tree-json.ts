/**
 * Reads GitHub's tree answer (`{"sha":…,"tree":[{…},…],"truncated":…}`) as a
 * stream of text: each entry of the `tree` array is parsed on its own and handed
 * to `onEntry`, so a 100,000-entry answer (up to 7 MB of JSON) never exists as
 * one string or one parsed array. Returns the top-level object, `tree` emptied.
 */
export async function scanTreeJson(
  chunks: AsyncIterable<string>,
  onEntry: (entry: Record<string, unknown>) => void,
): Promise<Record<string, unknown>> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inTree = false;
  let top = "";
  let entry: string[] | null = null;
  for await (const chunk of chunks) {
    let start = 0; // where the current entry's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (!inTree) top += c;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "{" || c === "[") {
        if (depth === 1 && c === "[" && /"tree"\s*:\s*\[$/.test(top)) inTree = true;
        else if (inTree && depth === 2 && c === "{") {
          entry = [];
          start = i;
        }
        depth++;
      } else if (c === "}" || c === "]") {
        depth--;
        if (inTree && depth === 2 && entry) {
          entry.push(chunk.slice(start, i + 1));
          onEntry(JSON.parse(entry.join("")) as Record<string, unknown>);
          entry = null;
        } else if (inTree && depth === 1) {
          inTree = false;
          top += "]";
        }
      }
    }
    if (entry) entry.push(chunk.slice(start));
  }
  if (depth !== 0 || inString) throw new Error("GitHub's tree answer ended before its JSON did");
  return JSON.parse(top) as Record<string, unknown>;
}
