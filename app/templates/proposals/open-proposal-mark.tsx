/** The templates list marks a template that an open pull request from Allegro changes. */
export function OpenProposalMark({ number }: { number: number | undefined }) {
  if (number === undefined) return null;
  return (
    <div className="mt-1">
      <span
        className="inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
        data-testid="open-proposal-mark"
      >
        Change proposed in #{number}
      </span>
    </div>
  );
}
