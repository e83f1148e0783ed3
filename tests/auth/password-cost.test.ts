import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { createTenant, createUser, testClientAddress } from "../helpers/factories";

const LEGACY = { N: 16384, r: 8, p: 1 };
const cost = (stored: string) => stored.split("$").slice(0, 4).join("$");

describe("password hash cost", () => {
  it("hashes new passwords with scrypt N=2^17, r=8, p=1 (OWASP), and the dummy hash costs the same", async () => {
    const hash = await hashPassword("a long enough passphrase");
    expect(cost(hash)).toBe("scrypt$131072$8$1");
    expect(cost(DUMMY_PASSWORD_HASH)).toBe(cost(hash));
    expect(await verifyPassword("a long enough passphrase", hash)).toBe(true);
  });

  it("re-hashes an old N=16384 hash at the current cost on the next successful sign-in", async () => {
    const password = "legacy user passphrase";
    const user = await createUser({ tenantId: (await createTenant()).id });
    const legacy = await hashPassword(password, LEGACY);
    expect(cost(legacy)).toBe("scrypt$16384$8$1");
    await getDb().user.update({ where: { id: user.id }, data: { passwordHash: legacy } });

    await authenticate(user.email, "a wrong guess", { clientAddress: testClientAddress() }).catch(() => {});
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(legacy);

    await expect(authenticate(user.email, password, { clientAddress: testClientAddress() })).resolves.toMatchObject({
      userId: user.id,
    });
    const stored = (await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(cost(stored)).toBe("scrypt$131072$8$1");
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword("a wrong guess", stored)).toBe(false);
  });
});
