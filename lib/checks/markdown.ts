/**
 * Text from a repository (file names, validation messages) as inert Markdown for a check
 * run's summary: every ASCII punctuation character is backslash-escaped (CommonMark allows
 * it for all of them), so a name holding a backtick, brackets or `<` can neither close a code
 * span nor open a link, an image, an HTML tag, a mention or a table cell. Line breaks become
 * spaces and `\r` is dropped, so nothing starts a new block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r/g, "")
    .replace(/\n/g, " ")
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** A file path shown as code without a code span (which no escape could keep closed). */
export const markdownPath = (path: string) => `<code>${escapeMarkdown(path)}</code>`;

/** Plain-text fields GitHub shows as they are (titles, annotation messages): no `\r`. */
export const plainText = (text: string) => text.replace(/\r/g, "");
