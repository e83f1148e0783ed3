import { diffLines } from "diff";

export type TextDiffLine = { kind: "added" | "removed" | "same"; text: string };

/** A line diff of two texts, for changes the structural diff does not show (formatting, key order). */
export function diffTexts(before: string, after: string): TextDiffLine[] {
  const lines: TextDiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    const text = part.value.endsWith("\n") ? part.value.slice(0, -1) : part.value;
    for (const line of text.split("\n")) lines.push({ kind, text: line });
  }
  return lines;
}
