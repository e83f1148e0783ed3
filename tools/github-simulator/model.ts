import type { GitRepository } from "./git-store";

export type Role = "admin" | "member";

export type Account = { id: number; login: string; type: "User" | "Organization"; name: string; email: string | null };

export type Repository = {
  id: number;
  owner: Account;
  name: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  git: GitRepository;
  createdAt: Date;
  pushedAt: Date;
  /** Test switch: recursive trees of this repository are cut to this many entries and marked truncated. */
  truncateTreesAt?: number;
};

export type Installation = {
  id: number;
  account: Account;
  repositorySelection: "all" | "selected";
  repositoryIds: Set<number>;
  suspendedAt: Date | null;
  suspendedBy: Account | null;
  createdAt: Date;
  updatedAt: Date;
  /** Requests allowed per hour window (GitHub's primary rate limit). */
  rateLimit: number;
  used: number;
  windowResetAt: number;
  /** What the owner accepted; unset: everything the app asks for (see effectivePermissions). */
  permissions?: Permissions;
};

export type Permissions = Record<string, "read" | "write">;

export type PullRequest = {
  number: number;
  id: number;
  repositoryId: number;
  title: string;
  body: string | null;
  user: Account;
  /** Branch names in the same repository (forks are not simulated). */
  head: string;
  base: string;
  headSha: string;
  baseSha: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  mergedAt: Date | null;
};

export type Annotation = {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
};

export type CheckRun = {
  id: number;
  repositoryId: number;
  appId: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: Date;
  completedAt: Date | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Annotation[];
  checkSuiteId: number;
};

export type AppIdentity = {
  id: number;
  slug: string;
  name: string;
  owner: Account;
  privateKey: string;
  publicKey: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
  /** Where GitHub redirects after install (the app's Setup URL). */
  setupUrl: string | null;
  webhookUrl: string | null;
  permissions: Permissions;
  events: string[];
  createdAt: Date;
};

/** An organization member who is not an owner asked for the app; an owner may approve it. */
export type InstallRequest = {
  id: number;
  account: Account;
  requester: Account;
  repositorySelection: "all" | "selected";
  repositoryIds: number[];
};

export type InstallationToken = { token: string; installationId: number; expiresAt: Date };
export type UserToken = { token: string; login: string };

export const nodeId = (kind: string, id: number) => Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64");
