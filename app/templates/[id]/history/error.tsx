"use client";

/** Something failed while reading the history (the database, most likely): say so, and offer to try again. */
export default function HistoryError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900">
      <p className="font-medium">The history could not be loaded.</p>
      <p className="mt-1">Nothing was changed. Try again in a moment.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-3 rounded border border-red-300 bg-white px-3 py-1.5 font-medium hover:bg-red-100"
      >
        Try again
      </button>
    </div>
  );
}
