import { describe, expect, it } from "vitest";
import { authenticate, FAILURE_WINDOW_MS, MAX_ADDRESS_FAILURES, MAX_FAILURES } from "@/lib/auth/login";
import { scryptHasher, type PasswordHasher } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { createTenant, createUser, TEST_PASSWORD, testClientAddress, unique } from "../helpers/factories";

/** The real hasher, counting verifications: a verification is one password guess checked. */
function countingHasher(verify: PasswordHasher["verify"] = scryptHasher.verify) {
  const counter = { calls: 0 };
  const hasher: PasswordHasher = {
    ...scryptHasher,
    verify: (password, stored) => {
      counter.calls++;
      return verify(password, stored);
    },
  };
  return { hasher, counter };
}

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: unknown) => (error instanceof AppError ? error.status : 500),
  );

describe("login throttle", () => {
  it("checks at most MAX_FAILURES of 20 parallel wrong guesses for one email; the rest get 429", async () => {
    const user = await createUser({ tenantId: (await createTenant()).id });
    const { hasher, counter } = countingHasher();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        statusOf(authenticate(user.email, `guess ${i}`, { hasher, clientAddress: `${testClientAddress()}-${i}` })),
      ),
    );
    expect(counter.calls).toBeGreaterThan(0);
    expect(counter.calls).toBeLessThanOrEqual(MAX_FAILURES);
    expect(statuses.filter((s) => s === 401)).toHaveLength(counter.calls);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - counter.calls);
  });

  it("trips the per-address limit for many emails from one address, and only for that address", async () => {
    const user = await createUser({ tenantId: (await createTenant()).id });
    const start = new Date("2026-02-01T09:00:00Z");
    const from = testClientAddress();
    const { hasher } = countingHasher(async () => false);
    const guesses = await Promise.all(
      Array.from({ length: MAX_ADDRESS_FAILURES }, () =>
        statusOf(
          authenticate(`${unique("victim")}@example.test`, "123456", { hasher, clientAddress: from, now: start }),
        ),
      ),
    );
    expect(guesses.every((s) => s === 401)).toBe(true);

    const later = new Date(start.getTime() + 60_000);
    const blocked = await authenticate(user.email, TEST_PASSWORD, { clientAddress: from, now: later }).catch(
      (e: unknown) => e as AppError,
    );
    expect(blocked).toBeInstanceOf(AppError);
    expect((blocked as AppError).status).toBe(429);
    expect((blocked as AppError).message).toMatch(/Try again in 14 minutes/);
    await expect(
      authenticate(user.email, TEST_PASSWORD, { clientAddress: testClientAddress(), now: later }),
    ).resolves.toMatchObject({ userId: user.id });

    const afterWindow = new Date(start.getTime() + FAILURE_WINDOW_MS + 1000);
    await expect(
      authenticate(user.email, TEST_PASSWORD, { clientAddress: from, now: afterWindow }),
    ).resolves.toMatchObject({ userId: user.id });
  });

  it("does not count successful sign-ins against the address", async () => {
    const user = await createUser({ tenantId: (await createTenant()).id });
    const from = testClientAddress();
    const { hasher } = countingHasher(async () => true);
    for (let i = 0; i < MAX_ADDRESS_FAILURES + 5; i++)
      await expect(
        authenticate(user.email, "accepted by the fake", { hasher, clientAddress: from }),
      ).resolves.toBeTruthy();
  });
});
