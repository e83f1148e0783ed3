import { SubmitButton } from "@/components/submit-button";
import { restoreVersionAction } from "./actions";

/**
 * Restore this version: for an Allegro template a new version with its text (the history only
 * grows); for a synced template a pull request proposing that text.
 */
export function RestoreButton({
  templateId,
  versionId,
  synced,
}: {
  templateId: string;
  versionId: string;
  synced: boolean;
}) {
  return (
    <form action={restoreVersionAction}>
      <input type="hidden" name="templateId" value={templateId} />
      <input type="hidden" name="versionId" value={versionId} />
      <SubmitButton
        pendingLabel={synced ? "Proposing…" : "Restoring…"}
        className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {synced ? "Propose restoring this version" : "Restore this version"}
      </SubmitButton>
    </form>
  );
}
