import { randomUUID } from "node:crypto";
import { resolveActor, type Actor, type Role } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A client address of its own, so the per-address sign-in limit of one test never trips another's. */
export const testClientAddress = () => unique("client");

export async function createTenant(name = unique("Org")) {
  return getDb().tenant.create({ data: { name, slug: unique("org") } });
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

export async function createUser(options: { tenantId: bigint; role?: Role; email?: string; password?: string }) {
  const passwordHash = options.password
    ? await hashPassword(options.password)
    : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  return getDb().user.create({
    data: {
      email: (options.email ?? `${unique("user")}@example.test`).toLowerCase(),
      name: unique("User"),
      passwordHash,
      memberships: { create: { tenantId: options.tenantId, role: options.role ?? "admin" } },
    },
  });
}

/** A new organization with one user of the given role, as an Actor. */
export async function createActor(role: Role = "admin"): Promise<Actor> {
  const tenant = await createTenant();
  const user = await createUser({ tenantId: tenant.id, role });
  return (await resolveActor({ userId: user.id, tenantId: tenant.id }))!;
}

export async function createTemplateRow(
  tenantId: bigint,
  overrides: { name?: string; syncSource?: string | null; syncSha?: string | null } = {},
) {
  const name = overrides.name ?? unique("Template");
  return getDb().template.create({
    data: {
      tenantId,
      name,
      content: { name },
      syncSource: overrides.syncSource ?? null,
      syncSha: overrides.syncSha ?? null,
    },
  });
}
