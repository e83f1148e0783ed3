import type { ProposalFormState } from "./form-state";

type Refusal = NonNullable<ProposalFormState["error"]>;

const link = "font-medium underline";

/** A refused proposal, in words: where the text is wrong, which newer commit conflicts. */
export function RefusalMessage({ error, repositoryUrl }: { error: Refusal; repositoryUrl: string | null }) {
  if (error.code === "invalid_template" && error.line)
    return (
      <>
        Line {error.line}, column {error.column ?? 1}: {error.message}
      </>
    );
  if (error.code === "conflict" && error.commit)
    return (
      <>
        {error.message} Newer commit:{" "}
        {repositoryUrl ? (
          <a className={`font-mono ${link}`} href={`${repositoryUrl}/commit/${error.commit}`}>
            {error.commit.slice(0, 7)}
          </a>
        ) : (
          <code>{error.commit.slice(0, 7)}</code>
        )}
        .
      </>
    );
  return <>{error.message}</>;
}
