import type { Context } from "./http";
import type { Reply } from "./reply";

/** HTML pages for people (install page, repository UI): self-contained, no external assets, readable at 390 px. */
export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1f2328}
a{color:#0550ae}h1{font-size:22px;word-break:break-word}h2{font-size:17px;margin-top:24px}
fieldset{border:1px solid #d0d7de;border-radius:6px;margin:12px 0;padding:12px}label{display:block;margin:8px 0 4px}
input[type=text],textarea,select{width:100%;font:14px ui-monospace,monospace;padding:6px;border:1px solid #8c959f;border-radius:6px}
textarea{min-height:320px}button{background:#1f883d;color:#fff;border:0;border-radius:6px;padding:8px 16px;font-size:15px;cursor:pointer;margin-top:12px}
button.danger{background:#cf222e}pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:12px;overflow-x:auto;font:13px/1.45 ui-monospace,monospace}
ul.list{list-style:none;padding:0;border:1px solid #d0d7de;border-radius:6px}ul.list li{padding:6px 12px;border-top:1px solid #d0d7de;overflow-wrap:anywhere}
ul.list li:first-child{border-top:0}.note{color:#59636e;font-size:13px}.banner{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:4px 12px;font-size:13px}
.actions a{margin-right:12px}code{overflow-wrap:anywhere}`;

export function page(title: string, body: string, status = 200): Reply {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    raw: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>${STYLE}</style></head><body>
<p class="banner">GitHub simulator: a local stand-in for github.com, for development and tests.</p>
<main>${body}</main></body></html>`,
  };
}

/** After a form post, the browser loads `location` with GET (what GitHub does after a commit). */
export const seeOther = (location: string): Reply => ({ status: 303, headers: { location }, raw: "" });

/** A posted form (urlencoded), or JSON for scripts. */
export function formBody(ctx: Context): URLSearchParams {
  const type = ctx.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    const data = JSON.parse(ctx.body.toString() || "{}") as Record<string, string>;
    return new URLSearchParams(data);
  }
  return new URLSearchParams(ctx.body.toString());
}
