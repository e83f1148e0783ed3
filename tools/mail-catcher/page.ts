import type { CaughtMail } from "./index";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The list of caught mail, newest first: readable at 390 px, no scripts, no external assets. */
export function renderMailPage(messages: CaughtMail[]): string {
  const items = messages.length
    ? messages
        .map(
          (m) => `<li><article aria-labelledby="m${m.id}">
<h2 id="m${m.id}">${escape(m.subject)}</h2>
<p class="meta"><time datetime="${m.receivedAt}">${escape(m.receivedAt.replace("T", " ").slice(0, 19))} UTC</time>
· from ${escape(m.from)} · to ${escape(m.to.join(", "))}</p>
${m.text ? `<pre>${escape(m.text)}</pre>` : ""}
${m.html ? `<details><summary>HTML part (source)</summary><pre>${escape(m.html)}</pre></details>` : ""}
</article></li>`,
        )
        .join("\n")
    : `<li><p>No mail yet. Notifications sent by email while <code>npm run dev</code> runs appear here.</p></li>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Mail catcher · Allegro</title>
<style>*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1f2328}
h1{font-size:22px}h2{font-size:17px;margin:0 0 4px;overflow-wrap:anywhere}ul{list-style:none;padding:0}
li{border:1px solid #d0d7de;border-radius:6px;padding:12px;margin:12px 0}.meta{color:#59636e;font-size:13px;margin:0 0 8px;overflow-wrap:anywhere}
pre{background:#f6f8fa;border-radius:6px;padding:12px;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,monospace;margin:0}
.banner{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:4px 12px;font-size:13px}</style></head><body>
<p class="banner">Mail catcher: a local stand-in for a mail server, for development and tests. Nothing here left this machine.</p>
<main><h1>Caught mail (${messages.length})</h1><p>Reload the page to see new mail.</p><ul>${items}</ul></main></body></html>`;
}
