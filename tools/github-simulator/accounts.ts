import type { IdSequences } from "./ids";
import type { Account, Role } from "./model";

export type NewAccount = {
  login?: string;
  type?: Account["type"];
  members?: { login: string; role: Role }[];
};

/** GitHub users and organizations, and who is a member (or an admin) of which organization. */
export class Accounts {
  /** Lower-case login → account. */
  readonly byLogin = new Map<string, Account>();
  /** Lower-case organization login → lower-case member login → role. */
  readonly orgMembers = new Map<string, Map<string, Role>>();
  /** The organization that owns the app. */
  readonly appOwner: Account;

  constructor(private readonly ids: IdSequences) {
    this.appOwner = this.create({ login: "allegro-dev", type: "Organization" });
  }

  /** Creates a user, or an organization with its members (creating members that do not exist yet). */
  create({ login, type = "User", members = [] }: NewAccount): Account {
    const id = this.ids.next("account");
    const account: Account = {
      id,
      login: login ?? `${type === "User" ? "user" : "org"}-${id}`,
      type,
      name: login ?? `Account ${id}`,
      email: type === "User" ? `${id}+${login ?? "user"}@users.noreply.github.com` : null,
    };
    if (this.find(account.login)) throw new Error(`account ${account.login} exists`);
    this.byLogin.set(account.login.toLowerCase(), account);
    if (type === "Organization") {
      const roles = new Map<string, Role>();
      for (const member of members) {
        if (!this.find(member.login)) this.create({ login: member.login });
        roles.set(member.login.toLowerCase(), member.role);
      }
      this.orgMembers.set(account.login.toLowerCase(), roles);
    }
    return account;
  }

  find(login: string): Account | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  /** Whether `user` may install apps on `account` (itself, or an organization it administers). */
  canAdminister(user: Account, account: Account): boolean {
    return user.id === account.id || this.roleIn(account, user) === "admin";
  }

  canSee(user: Account, account: Account): boolean {
    return user.id === account.id || this.roleIn(account, user) !== undefined;
  }

  /** Who GitHub names as the sender when an account acts: a user itself, an organization's admin. */
  actingFor(account: Account): Account {
    if (account.type === "User") return account;
    const admin = [...(this.orgMembers.get(account.login.toLowerCase()) ?? new Map<string, Role>())].find(
      ([, role]) => role === "admin",
    );
    return admin ? this.find(admin[0])! : this.appOwner;
  }

  private roleIn(org: Account, user: Account): Role | undefined {
    return this.orgMembers.get(org.login.toLowerCase())?.get(user.login.toLowerCase());
  }
}
