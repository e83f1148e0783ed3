import type { Context, Route } from "./http";
import { escape, formBody, page } from "./html";
import type { Manifest } from "./manifest-flow";
import { json, type Reply } from "./reply";

/**
 * GitHub's "new App from a manifest" pages: the browser posts `manifest` (and `state` in the
 * query) to `/settings/apps/new` or `/organizations/{org}/settings/apps/new`; the person checks
 * the name and clicks "Create GitHub App"; GitHub redirects to `redirect_url?code=…&state=…`.
 */
function parseManifest(raw: string | null): Manifest | null {
  try {
    const value = JSON.parse(raw ?? "") as unknown;
    return value && typeof value === "object" ? (value as Manifest) : null;
  } catch {
    return null;
  }
}

function confirmPage(
  ctx: Context,
  manifest: Manifest,
  raw: string,
  name: string,
  problem: string | null,
  signedIn: string | null = null,
): Reply {
  const { sim } = ctx;
  const org = ctx.params.org;
  const state = ctx.url.searchParams.get("state") ?? formBody(ctx).get("state") ?? "";
  const users = [...sim.accounts.values()].filter((a) => a.type === "User" && a.id !== sim.app.owner.id);
  const permissions = Object.entries(manifest.default_permissions ?? {});
  return page(
    "Create GitHub App",
    `<h1>Create GitHub App${org ? ` for ${escape(org)}` : ""}</h1>
<p class="note">GitHub simulator: this page stands in for GitHub's "Create a GitHub App from a manifest" page.</p>
${problem ? `<p role="alert" class="banner">${escape(problem)}</p>` : ""}
<form method="post" action="${escape(ctx.url.pathname.replace(/\/create$/, ""))}/create">
<input type="hidden" name="manifest" value="${escape(raw)}">
<input type="hidden" name="state" value="${escape(state)}">
<label for="user">Signed in to GitHub as</label>
<select id="user" name="user">${users.map((u) => `<option value="${escape(u.login)}"${u.login === signedIn ? " selected" : ""}>${escape(u.login)}</option>`).join("")}</select>
<label for="name">GitHub App name</label>
<input type="text" id="name" name="name" value="${escape(name)}" maxlength="34">
<h2>Webhook</h2><p><code>${escape(manifest.hook_attributes?.url ?? "")}</code></p>
<h2>Permissions</h2><ul class="list">${permissions.map(([k, v]) => `<li>${escape(k)}: ${escape(String(v))}</li>`).join("")}</ul>
<h2>Events</h2><ul class="list">${(manifest.default_events ?? []).map((e) => `<li>${escape(e)}</li>`).join("")}</ul>
<button type="submit">Create GitHub App</button>
</form>`,
    problem ? 422 : 200,
  );
}

function postManifest(ctx: Context): Reply {
  const raw = formBody(ctx).get("manifest");
  const manifest = parseManifest(raw);
  if (!manifest) return page("Invalid manifest", "<h1>The manifest is not valid JSON</h1>", 422);
  if (ctx.params.org && !ctx.sim.findAccount(ctx.params.org))
    return page("Not found", "<h1>No such organization</h1>", 404);
  return confirmPage(ctx, manifest, raw!, manifest.name ?? "", null);
}

function createApp(ctx: Context): Reply {
  const { sim } = ctx;
  const form = formBody(ctx);
  const raw = form.get("manifest") ?? "";
  const manifest = parseManifest(raw);
  if (!manifest) return page("Invalid manifest", "<h1>The manifest is not valid JSON</h1>", 422);
  const user = sim.findAccount(form.get("user") ?? "");
  if (!user) return json(422, { message: "unknown user" });
  const org = ctx.params.org ? sim.findAccount(ctx.params.org) : null;
  if (ctx.params.org && (!org || !sim.canAdminister(user, org)))
    return page("Forbidden", "<h1>Only organization owners can create GitHub Apps for it</h1>", 403);
  const name = (form.get("name") ?? manifest.name ?? "").trim();
  const problem = sim.manifests.check(manifest, name);
  // Shown again with the problem, still signed in as the same person (GitHub keeps its session).
  if (problem) return confirmPage(ctx, manifest, raw, name, problem, user.login);
  const code = sim.manifests.issueCode(manifest, name, org ?? user);
  const target = new URL(manifest.redirect_url!);
  target.searchParams.set("code", code);
  const state = form.get("state");
  if (state) target.searchParams.set("state", state);
  return { status: 302, headers: { location: target.toString() }, raw: "" };
}

export const manifestRoutes: Route[] = [
  { method: "POST", pattern: "/settings/apps/new", handler: postManifest },
  { method: "POST", pattern: "/organizations/{org}/settings/apps/new", handler: postManifest },
  { method: "POST", pattern: "/settings/apps/new/create", handler: createApp },
  { method: "POST", pattern: "/organizations/{org}/settings/apps/new/create", handler: createApp },
];
