import fs from "node:fs";
import path from "node:path";
import type { Accounts } from "./accounts";
import { GitRepository, repoDir } from "./git-store";
import type { IdSequences, Kind } from "./ids";
import type { InstallFlow } from "./install-flow";
import type { Installations } from "./installations";
import type { Account, Installation, InstallationToken, Repository, Role, UserToken } from "./model";
import type { Repositories } from "./repositories";

/**
 * The simulator's state as JSON, so a simulator restarted on the same data folder is the same
 * GitHub: accounts, repositories (their git data stays on disk), installations, tokens and
 * install requests. Webhook deliveries, OAuth codes, faults and counters are not kept.
 */
type StoredRepository = Omit<Repository, "owner" | "git" | "createdAt" | "pushedAt"> & {
  ownerId: number;
  createdAt: string;
  pushedAt: string;
};
type StoredInstallation = Omit<
  Installation,
  "account" | "repositoryIds" | "suspendedAt" | "suspendedBy" | "createdAt" | "updatedAt"
> & {
  accountId: number;
  repositoryIds: number[];
  suspendedAt: string | null;
  suspendedById: number | null;
  createdAt: string;
  updatedAt: string;
};
type StoredRequest = {
  id: number;
  accountId: number;
  requesterId: number;
  repositorySelection: "all" | "selected";
  repositoryIds: number[];
};

export type SimulatorState = {
  version: 1;
  ids: Record<Kind, number>;
  accounts: Account[];
  orgMembers: [string, [string, Role][]][];
  repositories: StoredRepository[];
  installations: StoredInstallation[];
  tokens: (Omit<InstallationToken, "expiresAt"> & { expiresAt: string })[];
  installRequests: StoredRequest[];
  userTokens: UserToken[];
};

export type StateParts = {
  ids: IdSequences;
  accounts: Accounts;
  repositories: Repositories;
  installations: Installations;
  flow: InstallFlow;
  dataDir: string;
};

export function captureState({ ids, accounts, repositories, installations, flow }: StateParts): SimulatorState {
  return {
    version: 1,
    ids: ids.snapshot(),
    accounts: [...accounts.byLogin.values()],
    orgMembers: [...accounts.orgMembers].map(([org, roles]) => [org, [...roles]]),
    repositories: [...repositories.byId.values()].map(({ owner, git: _git, createdAt, pushedAt, ...rest }) => ({
      ...rest,
      ownerId: owner.id,
      createdAt: createdAt.toISOString(),
      pushedAt: pushedAt.toISOString(),
    })),
    installations: [...installations.byId.values()].map((i) => {
      const { account, repositoryIds, suspendedAt, suspendedBy, createdAt, updatedAt, ...rest } = i;
      return {
        ...rest,
        accountId: account.id,
        repositoryIds: [...repositoryIds],
        suspendedAt: suspendedAt?.toISOString() ?? null,
        suspendedById: suspendedBy?.id ?? null,
        createdAt: createdAt.toISOString(),
        updatedAt: updatedAt.toISOString(),
      };
    }),
    tokens: [...installations.tokens.values()].map((t) => ({ ...t, expiresAt: t.expiresAt.toISOString() })),
    installRequests: [...flow.requests.values()].map((r) => ({
      id: r.id,
      accountId: r.account.id,
      requesterId: r.requester.id,
      repositorySelection: r.repositorySelection,
      repositoryIds: r.repositoryIds,
    })),
    userTokens: [...flow.userTokens.values()],
  };
}

export function restoreState(parts: StateParts, state: SimulatorState) {
  const { ids, accounts, repositories, installations, flow, dataDir } = parts;
  ids.restore(state.ids);
  accounts.byLogin.clear();
  const byId = new Map<number, Account>();
  for (const stored of state.accounts) {
    // The app's owner object is shared with the app identity: keep it, take the stored id.
    const account = stored.login === accounts.appOwner.login ? Object.assign(accounts.appOwner, stored) : stored;
    accounts.byLogin.set(account.login.toLowerCase(), account);
    byId.set(account.id, account);
  }
  const account = (id: number) => {
    const found = byId.get(id);
    if (!found) throw new Error(`simulator state names an unknown account ${id}`);
    return found;
  };
  accounts.orgMembers.clear();
  for (const [org, roles] of state.orgMembers) accounts.orgMembers.set(org, new Map(roles));
  for (const { ownerId, createdAt, pushedAt, ...rest } of state.repositories) {
    repositories.byId.set(rest.id, {
      ...rest,
      owner: account(ownerId),
      git: GitRepository.open(repoDir(dataDir, rest.id)),
      createdAt: new Date(createdAt),
      pushedAt: new Date(pushedAt),
    });
  }
  for (const {
    accountId,
    repositoryIds,
    suspendedAt,
    suspendedById,
    createdAt,
    updatedAt,
    ...rest
  } of state.installations) {
    installations.byId.set(rest.id, {
      ...rest,
      account: account(accountId),
      repositoryIds: new Set(repositoryIds),
      suspendedAt: suspendedAt ? new Date(suspendedAt) : null,
      suspendedBy: suspendedById === null ? null : account(suspendedById),
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    });
  }
  for (const t of state.tokens) installations.tokens.set(t.token, { ...t, expiresAt: new Date(t.expiresAt) });
  for (const r of state.installRequests) {
    const { accountId, requesterId, ...rest } = r;
    flow.requests.set(r.id, { ...rest, account: account(accountId), requester: account(requesterId) });
  }
  for (const t of state.userTokens) flow.userTokens.set(t.token, t);
}

export function readStateFile(file: string): SimulatorState | null {
  if (!fs.existsSync(file)) return null;
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as SimulatorState;
  if (state.version !== 1) throw new Error(`${file}: unknown simulator state version ${String(state.version)}`);
  return state;
}

/** Written to a temporary file and renamed, so a crash never leaves half a state behind. */
export function writeStateFile(file: string, state: SimulatorState) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.renameSync(temporary, file);
}
