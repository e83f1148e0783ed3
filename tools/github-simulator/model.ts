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
  permissions: Record<string, "read" | "write">;
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
