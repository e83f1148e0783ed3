import { createHash } from "node:crypto";
import type { Context, Route } from "./http";
import { escape, formBody, page } from "./html";
import { notFound, type Reply } from "./reply";
import type { Installation } from "./model";

/**
 * Pages GitHub serves around an installation: account avatars (identicons), the OAuth
 * authorization page ("Reconnect" goes there), and the installation's settings page
 * ("Configure on GitHub" links there), at GitHub's paths.
 */
export const accountRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/avatars/u/{id}",
    handler: (ctx) => {
      const account = [...ctx.sim.accounts.values()].find((a) => String(a.id) === ctx.params.id);
      if (!account) return notFound();
      return {
        status: 200,
        headers: { "content-type": "image/svg+xml", "cache-control": "max-age=3600" },
        raw: identicon(account.login),
      };
    },
  },
  {
    method: "GET",
    pattern: "/login/oauth/authorize",
    handler: (ctx) => {
      const { sim } = ctx;
      if (ctx.url.searchParams.get("client_id") !== sim.app.clientId) return page("Error", "<h1>Unknown app</h1>", 404);
      const users = [...sim.accounts.values()].filter((a) => a.type === "User");
      const hidden = ["state", "redirect_uri"]
        .map((n) => `<input type="hidden" name="${n}" value="${escape(ctx.url.searchParams.get(n) ?? "")}">`)
        .join("");
      return page(
        `Authorize ${sim.app.name}`,
        `<h1>Authorize ${escape(sim.app.name)}</h1>
<p class="note">GitHub simulator: this page stands in for github.com's OAuth authorization (GitHub skips it for a user who already authorized the app).</p>
<form method="post">${hidden}
<label for="user">Signed in to GitHub as</label>
<select id="user" name="user">${users.map((u) => `<option value="${escape(u.login)}">${escape(u.login)}</option>`).join("")}</select>
<button type="submit">Authorize</button>
</form>`,
      );
    },
  },
  {
    method: "POST",
    pattern: "/login/oauth/authorize",
    handler: (ctx) => {
      const { sim } = ctx;
      const form = formBody(ctx);
      const user = sim.findAccount(form.get("user") ?? "");
      // GitHub only redirects to the app's registered callback URL (here: its Setup URL).
      const target = new URL(form.get("redirect_uri") || sim.app.setupUrl || "");
      const registered = sim.app.setupUrl ? new URL(sim.app.setupUrl) : null;
      if (!user || !registered || target.origin + target.pathname !== registered.origin + registered.pathname)
        return page("Error", "<h1>The redirect_uri is not this app's callback URL</h1>", 422);
      target.searchParams.set("code", sim.issueOauthCode(user.login));
      const state = form.get("state");
      if (state) target.searchParams.set("state", state);
      return { status: 302, headers: { location: target.toString() }, raw: "" };
    },
  },
  { method: "GET", pattern: "/settings/installations/{id}", handler: (ctx) => installationPage(ctx, "User") },
  {
    method: "GET",
    pattern: "/organizations/{org}/settings/installations/{id}",
    handler: (ctx) => installationPage(ctx, "Organization"),
  },
];

function installationPage(ctx: Context, type: Installation["account"]["type"]): Reply {
  const installation = ctx.sim.installations.get(Number(ctx.params.id));
  if (!installation || installation.account.type !== type) return notFound();
  if (type === "Organization" && installation.account.login.toLowerCase() !== ctx.params.org?.toLowerCase())
    return notFound();
  const repos = ctx.sim.installationRepositories(installation).map((r) => `${r.owner.login}/${r.name}`);
  return page(
    `${ctx.sim.app.name} on ${installation.account.login}`,
    `<h1>${escape(ctx.sim.app.name)} on ${escape(installation.account.login)}</h1>
<p>${installation.suspendedAt ? "Suspended." : "Installed."} Repository access: ${installation.repositorySelection === "all" ? "all repositories" : "only select repositories"}.</p>
<ul class="list">${repos.map((n) => `<li><a href="/${escape(n)}">${escape(n)}</a></li>`).join("") || "<li>No repositories</li>"}</ul>
<p class="note">Change the repository access with the install page: <a href="/apps/${escape(ctx.sim.app.slug)}/installations/new">${escape(ctx.sim.app.name)}</a>.</p>`,
  );
}

/** A 5×5 symmetric identicon from the login's hash, like GitHub's default avatars. */
function identicon(login: string): string {
  const hash = createHash("md5").update(login).digest();
  const color = `#${hash.subarray(0, 3).toString("hex")}`;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++)
    for (let col = 0; col < 3; col++)
      if ((hash[3 + row * 3 + col]! & 1) === 1)
        for (const x of new Set([col, 4 - col])) cells.push(`<rect x="${x + 1}" y="${row + 1}" width="1" height="1"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" width="140" height="140"><rect width="7" height="7" fill="#f0f0f0"/><g fill="${color}">${cells.join("")}</g></svg>`;
}
