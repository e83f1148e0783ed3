import type { Tone } from "./banner";

/** What a redirect back to the page reports (`?notice=`), with the colour of its outcome. */
export const NOTICES: Record<string, { tone: Tone; text: string }> = {
  installed: {
    tone: "success",
    text: "The GitHub App is installed and connected. Now choose the repository to sync.",
  },
  reconnected: {
    tone: "success",
    text: "GitHub Sync is connected again to the same installation. Choose the repository to sync.",
  },
  updated: { tone: "info", text: "The GitHub App installation was updated on GitHub." },
  requested: {
    tone: "warning",
    text: "Waiting for an organization owner to approve the installation on GitHub. Once approved, connect again.",
  },
  saved: {
    tone: "success",
    text: "Repository saved. Its first sync is recorded and starts as soon as the background job service takes it; progress shows in the history below.",
  },
  edited: {
    tone: "success",
    text: "Changes saved. A sync with the new repository, branch and folder is recorded and starts as soon as the background job service takes it.",
  },
  disconnected: {
    tone: "success",
    text: "GitHub Sync is disconnected. Your templates were kept and are editable again.",
  },
};
