"use client";

import { useEffect, useRef, useState } from "react";
import type { SyncRunView } from "@/lib/sync/history";
import { FileErrorItem } from "./file-error-item";
import { parseRunErrorsAnswer, type RunErrorsAnswer } from "./loaded-errors";
import { MoreErrors } from "./more-errors";

export type OnErrorsLoaded = (runId: string, answer: RunErrorsAnswer) => void;

/**
 * A run's invalid files inside its details. The history sends them for its newest run with
 * errors only: for the others they are fetched once, when the details are first opened.
 */
export function RunErrors({ run, open, onLoaded }: { run: SyncRunView; open: boolean; onLoaded: OnErrorsLoaded }) {
  const wanted = open && !run.errorsIncluded && run.errorCount > 0;
  // Focus moves here from "Try again", which goes away, and stays when the list replaces the status.
  const region = useRef<HTMLDivElement>(null);
  return (
    <>
      <div ref={region} tabIndex={-1} aria-live="polite">
        {wanted && <LoadRunErrors runId={run.id} onLoaded={onLoaded} onRetry={() => region.current?.focus()} />}
      </div>
      <MoreErrors shown={run.errors.length} total={run.errorsIncluded ? run.errorCount : run.errors.length} />
      <ul className="mt-1 space-y-1">
        {run.errors.map((e) => (
          <FileErrorItem key={e.path} error={e} />
        ))}
      </ul>
    </>
  );
}

function LoadRunErrors({ runId, onLoaded, onRetry }: { runId: string; onLoaded: OnErrorsLoaded; onRetry: () => void }) {
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    fetchRunErrors(runId).then(
      (answer) => live && onLoaded(runId, answer),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [runId, attempt, onLoaded]);

  return (
    <p className={`mt-1 text-sm ${failed ? "text-red-800" : "text-slate-700"}`}>
      {failed ? (
        <>
          The invalid files could not be loaded.{" "}
          <button
            type="button"
            onClick={() => {
              onRetry();
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
            className="rounded border border-red-300 px-2 py-0.5 text-red-800 hover:bg-red-50"
          >
            Try again
          </button>
        </>
      ) : (
        "Loading the invalid files…"
      )}
    </p>
  );
}

async function fetchRunErrors(runId: string): Promise<RunErrorsAnswer> {
  const response = await fetch(`/api/github-sync/runs/${encodeURIComponent(runId)}/errors`, { cache: "no-store" });
  const answer = response.ok ? parseRunErrorsAnswer(await response.json()) : null;
  if (!answer) throw new Error(`The run's errors answered ${response.status}.`);
  return answer;
}
