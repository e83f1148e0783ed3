import { newToken } from "./auth";
import type { Route } from "./http";
import { escape, formBody, page } from "./html";
import { json, notFound, type Reply } from "./reply";

export const webRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/apps/{slug}/installations/new",
    handler: (ctx) => {
      const { sim } = ctx;
      if (ctx.params.slug !== sim.app.slug) return notFound();
      const state = ctx.url.searchParams.get("state") ?? "";
      const users = [...sim.accounts.values()].filter((a) => a.type === "User");
      // The App's owner is listed as on GitHub (a private App installs only there, such as one made
      // from a manifest); only the built-in App's placeholder owner, which has no repositories, is not.
      const accounts = [...sim.accounts.values()].filter(
        (a) => a.id !== sim.app.owner.id || sim.repositoriesOf(a).length > 0,
      );
      const repos = [...sim.repositories.values()];
      const account = preselectedAccount(accounts, ctx.url.searchParams, (a) => sim.repositoriesOf(a).length > 0);
      const user = account && users.find((u) => sim.canAdminister(u, account));
      const option = (login: string, label: string, selected: boolean) =>
        `<option value="${escape(login)}"${selected ? " selected" : ""}>${escape(label)}</option>`;
      return page(
        `Install ${sim.app.name}`,
        `<h1>Install ${escape(sim.app.name)}</h1>
<p class="note">GitHub simulator: this page stands in for github.com's installation page.</p>
<form method="post">
<input type="hidden" name="state" value="${escape(state)}">
<label for="user">Signed in to GitHub as</label>
<select id="user" name="user">${users.map((u) => option(u.login, u.login, u === user)).join("")}</select>
<label for="account">Install on account</label>
<select id="account" name="account">${accounts
          .map((a) =>
            option(
              a.login,
              `${a.login} (${a.type})${sim.installationOf(a.login) ? " — installed" : ""}`,
              a === account,
            ),
          )
          .join("")}</select>
<fieldset><legend>Repository access</legend>
<label><input type="radio" name="selection" value="all" checked> All repositories</label>
<label><input type="radio" name="selection" value="selected"> Only select repositories</label>
${repos.map((r) => `<label><input type="checkbox" name="repositories" value="${escape(`${r.owner.login}/${r.name}`)}"> ${escape(`${r.owner.login}/${r.name}`)}</label>`).join("")}
</fieldset>
<button type="submit">Install</button>
</form>`,
      );
    },
  },
  {
    method: "POST",
    pattern: "/apps/{slug}/installations/new",
    handler: async (ctx) => {
      const { sim } = ctx;
      const form = formBody(ctx);
      const user = sim.findAccount(form.get("user") ?? "");
      const account = sim.findAccount(form.get("account") ?? "");
      if (!user || !account) return json(422, { message: "unknown user or account" });
      const state = form.get("state") ?? "";
      const selection =
        form.get("selection") === "selected"
          ? form.getAll("repositories").filter((n) => n.toLowerCase().startsWith(`${account.login.toLowerCase()}/`))
          : "all";
      const redirect = (params: Record<string, string>): Reply => {
        if (!sim.app.setupUrl) return page("Installed", `<h1>Done</h1><p>${escape(JSON.stringify(params))}</p>`);
        return {
          status: 302,
          headers: { location: sim.setupRedirect({ ...params, ...(state ? { state } : {}) }, user.login) },
          raw: "",
        };
      };
      if (!sim.canAdminister(user, account)) {
        if (!sim.canSee(user, account))
          return page("Forbidden", "<h1>You cannot install apps on this account</h1>", 403);
        sim.requestInstall(account.login, user.login, selection);
        return redirect({ setup_action: "request" });
      }
      const existing = sim.installationOf(account.login);
      if (existing) {
        const wanted =
          selection === "all" ? sim.repositoriesOf(account).map((r) => `${r.owner.login}/${r.name}`) : selection;
        const current = sim.installationRepositories(existing).map((r) => `${r.owner.login}/${r.name}`);
        await sim.setInstallationRepositories(existing.id, {
          add: wanted.filter((n) => !current.includes(n)),
          remove: current.filter((n) => !wanted.includes(n)),
        });
        if (selection === "all") existing.repositorySelection = "all";
        return redirect({ installation_id: String(existing.id), setup_action: "update" });
      }
      const { installation } = await sim.install(account.login, { repositories: selection, sender: user.login });
      return redirect({ installation_id: String(installation.id), setup_action: "install" });
    },
  },
  {
    method: "POST",
    pattern: "/login/oauth/access_token",
    handler: (ctx) => {
      const { sim } = ctx;
      const form = formBody(ctx);
      const answer = (body: Record<string, string>): Reply =>
        (ctx.headers.accept ?? "").includes("application/json")
          ? json(200, body)
          : {
              status: 200,
              headers: { "content-type": "application/x-www-form-urlencoded" },
              raw: new URLSearchParams(body).toString(),
            };
      if (form.get("client_id") !== sim.app.clientId || form.get("client_secret") !== sim.app.clientSecret) {
        return answer({
          error: "incorrect_client_credentials",
          error_description: "The client_id and/or client_secret passed are incorrect.",
        });
      }
      const code = sim.oauthCodes.get(form.get("code") ?? "");
      sim.oauthCodes.delete(form.get("code") ?? "");
      if (!code || code.expiresAt <= sim.now()) {
        return answer({
          error: "bad_verification_code",
          error_description: "The code passed is incorrect or expired.",
        });
      }
      const token = newToken("ghu");
      sim.userTokens.set(token, { token, login: code.login });
      return answer({ access_token: token, token_type: "bearer", scope: "" });
    },
  },
  {
    method: "GET",
    pattern: "/_codeload/{token}",
    handler: async (ctx) => {
      const { sim } = ctx;
      const entry = sim.codeload.get(ctx.params.token!);
      if (!entry || entry.expiresAt <= sim.now()) return notFound();
      const repo = sim.repositories.get(entry.repositoryId)!;
      const prefix = `${repo.owner.login}-${repo.name}-${entry.sha.slice(0, 7)}`;
      const archive = await repo.git.archive(entry.sha, prefix);
      return {
        status: 200,
        headers: {
          "content-type": "application/x-gzip",
          "content-disposition": `attachment; filename=${prefix}.tar.gz`,
        },
        raw: archive,
      };
    },
  },
];

/**
 * The account the install page selects first: the one GitHub's `suggested_target_id` (or
 * `target_id`) names, otherwise the first organization that owns a repository, then the first
 * user that does (the demo's acme-corp, not octocat). The `state` is sealed by the app, so it cannot
 * carry a hint the simulator could read.
 */
function preselectedAccount<A extends { id: number; type: string }>(
  accounts: A[],
  query: URLSearchParams,
  ownsRepository: (account: A) => boolean,
): A | undefined {
  const target = Number(query.get("suggested_target_id") ?? query.get("target_id"));
  const named = accounts.find((a) => a.id === target);
  if (named) return named;
  const owners = accounts.filter(ownsRepository);
  return owners.find((a) => a.type === "Organization") ?? owners[0];
}
