import type { Run, StepRecord } from "./run-state";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const truncate = (value: unknown, max = 300) => {
  const text = value === undefined ? "" : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
};

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

function page(title: string, body: string) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · inngest-local</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:72rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
code,pre{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;margin:0}
.completed{color:#116329}.failed,.error{color:#a40e26}.cancelled{color:#6e4c00}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
button{font:inherit;padding:.3rem .9rem;margin-right:.5rem}a{color:#0b57d0}
</style></head><body>
<p><a href="/runs">All runs</a> · inngest-local, a development stand-in for Inngest (never production)</p>
${body}</body></html>`;
}

export function renderRunsPage(runs: Run[]) {
  const rows = [...runs]
    .reverse()
    .map(
      (run) => `<tr><td><a href="/run?runID=${encodeURIComponent(run.id)}">${escape(run.id)}</a></td>
<td>${escape(run.fnName)}</td><td>${escape(run.event.name)}</td>
<td class="${run.status}">${escape(run.status)}</td><td>${time(run.queuedAt)}</td><td>${run.steps.length}</td></tr>`,
    )
    .join("\n");
  return page(
    "Runs",
    `<h1>Runs</h1>
<table><caption class="visually-hidden">Function runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Function</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Queued (UTC)</th><th scope="col">Steps</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">No runs yet.</td></tr>'}</tbody></table>`,
  );
}

function stepRow(step: StepRecord) {
  const error = step.error ? `<span class="error">${escape(`${step.error.name}: ${step.error.message}`)}</span>` : "";
  return `<tr><td>${escape(step.name)}</td><td>${step.attempt + 1}</td><td>${step.durationMs} ms</td>
<td><code>${escape(truncate(step.output))}</code></td><td>${error}</td></tr>`;
}

export function renderRunPage(run: Run) {
  const id = escape(run.id);
  const open = !["completed", "failed", "cancelled"].includes(run.status);
  const cancel = open
    ? `<form method="post" action="/run/cancel" style="display:inline"><input type="hidden" name="runID" value="${id}"><button type="submit">Cancel</button></form>`
    : "";
  const steps = run.steps.map(stepRow).join("\n");
  return page(
    `Run ${run.id}`,
    `<h1>Run <code>${id}</code></h1>
<dl>
<dt>Function</dt><dd>${escape(run.fnName)} (<code>${escape(run.fnId)}</code>)</dd>
<dt>Status</dt><dd class="${run.status}">${escape(run.status)}</dd>
${run.replayOf ? `<dt>Replay of</dt><dd><a href="/run?runID=${encodeURIComponent(run.replayOf)}">${escape(run.replayOf)}</a></dd>` : ""}
<dt>Event</dt><dd><code>${escape(run.event.name)}</code> <pre>${escape(truncate(run.event.data, 2000))}</pre></dd>
${run.output !== undefined ? `<dt>Output</dt><dd><pre>${escape(truncate(run.output, 2000))}</pre></dd>` : ""}
${run.error ? `<dt>Error</dt><dd class="error">${escape(`${run.error.name}: ${run.error.message}`)}</dd>` : ""}
</dl>
${open ? "" : `<form method="post" action="/run/replay" style="display:inline"><input type="hidden" name="runID" value="${id}"><button type="submit">Replay</button></form>`}${cancel}
<h2>Steps</h2>
<table><thead><tr><th scope="col">Step</th><th scope="col">Attempt</th><th scope="col">Duration</th><th scope="col">Output</th><th scope="col">Error</th></tr></thead>
<tbody>${steps || '<tr><td colspan="5">No step has run yet.</td></tr>'}</tbody></table>`,
  );
}

export function renderNotFound(runId: string) {
  return page("Run not found", `<h1>Run not found</h1><p>No run <code>${escape(runId)}</code> in this executor.</p>`);
}

export function renderRefused(message: string) {
  return page("Replay refused", `<h1>Replay refused</h1><p>${escape(message)}</p>`);
}
