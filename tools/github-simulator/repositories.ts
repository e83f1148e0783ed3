import type { Accounts } from "./accounts";
import { GitRepository, repoDir } from "./git-store";
import type { IdSequences } from "./ids";
import type { Account, Installation, Repository } from "./model";

export type NewRepository = {
  owner: string;
  name?: string;
  private?: boolean;
  defaultBranch?: string;
  files?: Record<string, string | Buffer>;
};

/** Repositories, each a bare git repository in the data folder, and the short-lived tarball links to them. */
export class Repositories {
  readonly byId = new Map<number, Repository>();
  /** Codeload token → the archive it downloads (where the tarball API redirects). */
  readonly codeload = new Map<string, { repositoryId: number; sha: string; expiresAt: number }>();

  constructor(
    private readonly accounts: Accounts,
    private readonly ids: IdSequences,
    private readonly dataDir: string,
  ) {}

  /** Creates the repository, with `files` as its initial commit on the default branch. No webhook. */
  async create({ owner, name, private: isPrivate = true, defaultBranch = "main", files }: NewRepository) {
    const account = this.accounts.find(owner);
    if (!account) throw new Error(`no account ${owner}`);
    const id = this.ids.next("repository");
    const repoName = name ?? `repo-${id}`;
    if (this.find(account.login, repoName)) throw new Error(`repository ${account.login}/${repoName} exists`);
    const repo: Repository = {
      id,
      owner: account,
      name: repoName,
      private: isPrivate,
      defaultBranch,
      description: null,
      git: await GitRepository.create(repoDir(this.dataDir, id)),
      createdAt: new Date(),
      pushedAt: new Date(),
    };
    this.byId.set(id, repo);
    if (files) {
      const changes = Object.entries(files).map(([path, content]) => ({ action: "put" as const, path, content }));
      await repo.git.commit(defaultBranch, changes, "Initial commit");
    }
    return repo;
  }

  find(owner: string, name: string): Repository | undefined {
    for (const repo of this.byId.values()) {
      if (repo.owner.login.toLowerCase() === owner.toLowerCase() && repo.name.toLowerCase() === name.toLowerCase())
        return repo;
    }
    return undefined;
  }

  /** The repository named `owner/name`; throws when there is none. */
  get(fullName: string): Repository {
    const [owner, name] = fullName.split("/");
    const repo = this.find(owner ?? "", name ?? "");
    if (!repo) throw new Error(`no repository ${fullName}`);
    return repo;
  }

  ownedBy(account: Account): Repository[] {
    return [...this.byId.values()].filter((r) => r.owner.id === account.id);
  }

  /** The repositories an installation can see, in id order. */
  visibleTo(installation: Installation): Repository[] {
    return [...installation.repositoryIds]
      .map((id) => this.byId.get(id))
      .filter((r): r is Repository => Boolean(r))
      .sort((a, b) => a.id - b.id);
  }

  closeAll() {
    for (const repo of this.byId.values()) repo.git.close();
  }
}
