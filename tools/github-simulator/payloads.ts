import type {
  Installation as InstallationPayload,
  Repository as RepositoryPayload,
  User,
} from "@octokit/webhooks-types";
import type { CommitInfo } from "./git-store";
import { effectivePermissions } from "./permissions";
import { nodeId, type Account, type AppIdentity, type Installation, type Repository } from "./model";

/** Builds REST and webhook objects shaped as GitHub documents them. */
export class Payloads {
  constructor(
    readonly web: string,
    readonly api: string,
  ) {}

  user(account: Account): User {
    const api = `${this.api}/users/${account.login}`;
    return {
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type === "User" ? "User" : "Organization", account.id),
      avatar_url: `${this.web}/avatars/u/${account.id}?v=4`,
      gravatar_id: "",
      url: api,
      html_url: `${this.web}/${account.login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: account.type,
      site_admin: false,
    };
  }

  /** The repository object of the REST API (and of most webhook events). */
  repository(repo: Repository, { pushStyle = false } = {}): RepositoryPayload {
    const full = `${repo.owner.login}/${repo.name}`;
    const api = `${this.api}/repos/${full}`;
    const time = (date: Date) => (pushStyle ? Math.floor(date.getTime() / 1000) : iso(date));
    return {
      id: repo.id,
      node_id: nodeId("Repository", repo.id),
      name: repo.name,
      full_name: full,
      private: repo.private,
      owner: pushStyle
        ? { name: repo.owner.login, email: repo.owner.email, ...this.user(repo.owner) }
        : this.user(repo.owner),
      html_url: `${this.web}/${full}`,
      description: repo.description,
      fork: false,
      url: pushStyle ? `${this.web}/${full}` : api,
      forks_url: `${api}/forks`,
      keys_url: `${api}/keys{/key_id}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      teams_url: `${api}/teams`,
      hooks_url: `${api}/hooks`,
      issue_events_url: `${api}/issues/events{/number}`,
      events_url: `${api}/events`,
      assignees_url: `${api}/assignees{/user}`,
      branches_url: `${api}/branches{/branch}`,
      tags_url: `${api}/tags`,
      blobs_url: `${api}/git/blobs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      trees_url: `${api}/git/trees{/sha}`,
      statuses_url: `${api}/statuses/{sha}`,
      languages_url: `${api}/languages`,
      stargazers_url: `${api}/stargazers`,
      contributors_url: `${api}/contributors`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      commits_url: `${api}/commits{/sha}`,
      git_commits_url: `${api}/git/commits{/sha}`,
      comments_url: `${api}/comments{/number}`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      contents_url: `${api}/contents/{+path}`,
      compare_url: `${api}/compare/{base}...{head}`,
      merges_url: `${api}/merges`,
      archive_url: `${api}/{archive_format}{/ref}`,
      downloads_url: `${api}/downloads`,
      issues_url: `${api}/issues{/number}`,
      pulls_url: `${api}/pulls{/number}`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      labels_url: `${api}/labels{/name}`,
      releases_url: `${api}/releases{/id}`,
      deployments_url: `${api}/deployments`,
      created_at: time(repo.createdAt),
      updated_at: iso(repo.pushedAt),
      pushed_at: time(repo.pushedAt),
      git_url: `${this.web.replace(/^https?/, "git")}/${full}.git`,
      ssh_url: `git@${new URL(this.web).host}:${full}.git`,
      clone_url: `${this.web}/${full}.git`,
      svn_url: `${this.web}/${full}`,
      homepage: null,
      size: 0,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: true,
      has_pages: false,
      has_discussions: false,
      forks_count: 0,
      mirror_url: null,
      archived: false,
      disabled: false,
      open_issues_count: 0,
      license: null,
      allow_forking: true,
      is_template: false,
      web_commit_signoff_required: false,
      topics: [],
      visibility: repo.private ? ("private" as const) : ("public" as const),
      forks: 0,
      open_issues: 0,
      watchers: 0,
      default_branch: repo.defaultBranch,
      custom_properties: {},
      ...(pushStyle ? { stargazers: 0, master_branch: repo.defaultBranch } : {}),
      ...(repo.owner.type === "Organization" && pushStyle ? { organization: repo.owner.login } : {}),
    };
  }

  /** Webhook payloads describe organizations with the organization object, not the user one. */
  organization(account: Account) {
    const user = this.user(account);
    const api = `${this.api}/orgs/${account.login}`;
    return {
      login: user.login,
      id: user.id,
      node_id: user.node_id,
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
      avatar_url: user.avatar_url,
      description: null,
    };
  }

  /** The `installation` field of events about a repository. */
  installationRef(installation: Installation) {
    return {
      id: installation.id,
      node_id: Buffer.from(`MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}`).toString("base64"),
    };
  }

  /** The short repository entries of installation payloads. */
  repositoryLite(repo: Repository) {
    return {
      id: repo.id,
      node_id: nodeId("Repository", repo.id),
      name: repo.name,
      full_name: `${repo.owner.login}/${repo.name}`,
      private: repo.private,
    };
  }

  installation(app: AppIdentity, installation: Installation): InstallationPayload {
    return {
      id: installation.id,
      account: this.user(installation.account),
      repository_selection: installation.repositorySelection,
      access_tokens_url: `${this.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${this.api}/installation/repositories`,
      html_url: `${this.web}/${installation.account.type === "Organization" ? `organizations/${installation.account.login}/` : ""}settings/installations/${installation.id}`,
      app_id: app.id,
      app_slug: app.slug,
      target_id: installation.account.id,
      target_type: installation.account.type,
      permissions: effectivePermissions(app, installation),
      events: app.events as InstallationPayload["events"],
      created_at: iso(installation.createdAt),
      updated_at: iso(installation.updatedAt),
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: installation.suspendedBy ? this.user(installation.suspendedBy) : null,
      suspended_at: installation.suspendedAt ? iso(installation.suspendedAt) : null,
    };
  }

  app(app: AppIdentity, installationsCount: number) {
    return {
      id: app.id,
      slug: app.slug,
      node_id: nodeId("Integration", app.id),
      client_id: app.clientId,
      owner: this.user(app.owner),
      name: app.name,
      description: "Allegro template sync (simulated)",
      external_url: app.setupUrl ?? this.web,
      html_url: `${this.web}/apps/${app.slug}`,
      created_at: iso(app.createdAt),
      updated_at: iso(app.createdAt),
      permissions: app.permissions,
      events: app.events,
      installations_count: installationsCount,
    };
  }

  commit(repo: Repository, info: CommitInfo) {
    const full = `${repo.owner.login}/${repo.name}`;
    const api = `${this.api}/repos/${full}`;
    return {
      sha: info.sha,
      node_id: nodeId("Commit", parseInt(info.sha.slice(0, 8), 16)),
      commit: {
        author: info.author,
        committer: info.committer,
        message: info.message.replace(/\n$/, ""),
        tree: { sha: info.tree, url: `${api}/git/trees/${info.tree}` },
        url: `${api}/git/commits/${info.sha}`,
        comment_count: 0,
        // GitHub signs what an app commits through the API with no custom author or committer.
        verification: info.committer.email.endsWith("[bot]@users.noreply.github.com")
          ? {
              verified: true,
              reason: "valid",
              signature: "-----BEGIN PGP SIGNATURE-----",
              payload: null,
              verified_at: info.committer.date,
            }
          : { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
      },
      url: `${api}/commits/${info.sha}`,
      html_url: `${this.web}/${full}/commit/${info.sha}`,
      comments_url: `${api}/commits/${info.sha}/comments`,
      author: null,
      committer: null,
      parents: info.parents.map((sha) => ({
        sha,
        url: `${api}/commits/${sha}`,
        html_url: `${this.web}/${full}/commit/${sha}`,
      })),
    };
  }

  /** A commit as listed in a push event. */
  pushCommit(repo: Repository, info: CommitInfo, files: { added: string[]; removed: string[]; modified: string[] }) {
    return {
      id: info.sha,
      tree_id: info.tree,
      distinct: true,
      message: info.message.replace(/\n$/, ""),
      timestamp: info.committer.date,
      url: `${this.web}/${repo.owner.login}/${repo.name}/commit/${info.sha}`,
      author: { name: info.author.name, email: info.author.email },
      committer: { name: info.committer.name, email: info.committer.email },
      ...files,
    };
  }
}

export const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
