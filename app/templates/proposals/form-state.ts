/** What a proposal form's server action answered: nothing yet, the pull request, or the refusal with its details. */
export type ProposalFormState = {
  opened?: { number: number; url: string; added: boolean };
  error?: {
    code: string;
    message: string;
    /** invalid_template: where in the text. */
    line?: number;
    column?: number;
    /** conflict: the newer commit on the synced branch. */
    commit?: string | null;
    /** permission_missing: what to grant. */
    permissions?: string[];
    /** validation: the form field at fault ("path", "title", …). */
    field?: string;
  };
};
