import { describe, expect, it } from "vitest";
import { authenticate, FAILURE_WINDOW_MS, MAX_FAILURES } from "@/lib/auth/login";
import { hashPassword, scryptHasher, verifyPassword, type PasswordHasher } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTenant, createUser, TEST_PASSWORD, testClientAddress, unique } from "../helpers/factories";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("passwords", () => {
  it("are stored as scrypt hashes, never in plain text", async () => {
    const hash = await hashPassword("s3cret-pass");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("s3cret-pass");
    expect(await verifyPassword("s3cret-pass", hash)).toBe(true);
    expect(await verifyPassword("s3cret-pasS", hash)).toBe(false);
  });
});

describe("authenticate", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const tenant = await createTenant();
    const email = `${unique("ada")}@example.test`;
    const user = await createUser({ tenantId: tenant.id, email });
    const session = await authenticate(email.toUpperCase(), TEST_PASSWORD, { clientAddress: testClientAddress() });
    expect(session).toEqual({ userId: user.id, tenantId: tenant.id });
  });

  it("gives one generic error for a wrong password and an unknown email", async () => {
    const tenant = await createTenant();
    const user = await createUser({ tenantId: tenant.id });
    const wrong = await failure(authenticate(user.email, "not the password", { clientAddress: testClientAddress() }));
    const unknown = await failure(
      authenticate(`${unique("nobody")}@example.test`, TEST_PASSWORD, { clientAddress: testClientAddress() }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.message).toBe("Invalid email or password.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("does the same work for an unknown email as for a wrong password: one verification, same parameters", async () => {
    const tenant = await createTenant();
    const user = await createUser({ tenantId: tenant.id });
    const calls: string[][] = [];
    // Cost parameters, salt and key sizes of the hash verified against: what decides the time taken.
    const shape = (stored: string) => {
      const [scheme, n, r, p, salt, key] = stored.split("$");
      return [
        scheme!,
        n!,
        r!,
        p!,
        String(Buffer.from(salt!, "base64").length),
        String(Buffer.from(key!, "base64").length),
      ];
    };
    const hasher: PasswordHasher = {
      ...scryptHasher,
      verify: (password, stored) => {
        calls.push(shape(stored));
        return scryptHasher.verify(password, stored);
      },
    };
    await failure(authenticate(user.email, "wrong password", { hasher, clientAddress: testClientAddress() }));
    const known = calls.splice(0);
    await failure(
      authenticate(`${unique("ghost")}@example.test`, "wrong password", { hasher, clientAddress: testClientAddress() }),
    );
    const unknown = calls.splice(0);
    expect(known).toHaveLength(1);
    expect(unknown).toEqual(known);
  });

  it("throttles an email after repeated failures, even with the right password, until the window passes", async () => {
    const tenant = await createTenant();
    const user = await createUser({ tenantId: tenant.id });
    const start = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < MAX_FAILURES; i++)
      await failure(authenticate(user.email, "wrong", { now: start, clientAddress: testClientAddress() }));

    const throttled = await failure(
      authenticate(user.email, TEST_PASSWORD, {
        now: new Date(start.getTime() + 1000),
        clientAddress: testClientAddress(),
      }),
    );
    expect(throttled.status).toBe(429);
    expect(throttled.message).toMatch(/Too many failed sign-in attempts\. Try again in 15 minutes\./);

    const later = new Date(start.getTime() + FAILURE_WINDOW_MS + 1000);
    await expect(
      authenticate(user.email, TEST_PASSWORD, { now: later, clientAddress: testClientAddress() }),
    ).resolves.toMatchObject({ userId: user.id });
    expect(await getDb().loginThrottle.count({ where: { scope: "email", key: user.email } })).toBe(0);
  });
});
