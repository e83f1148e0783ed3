import { describe, expect, it } from "vitest";
import { resolveActor } from "@/lib/auth/actor";
import { changePassword } from "@/lib/auth/change-password";
import { authenticate } from "@/lib/auth/login";
import { createSession, SESSION_TTL_SECONDS, unsealSession } from "@/lib/auth/session";
import { switchOrganization } from "@/lib/auth/switch-organization";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createActor, createTenant, createUser, TEST_PASSWORD, testClientAddress } from "../helpers/factories";

const HOUR = 60 * 60 * 1000;

describe("session lifetime", () => {
  it("switching organization keeps the absolute expiry of the sign-in (fixed clock)", async () => {
    const [acme, globex] = [await createTenant(), await createTenant()];
    const user = await createUser({ tenantId: acme.id });
    await getDb().membership.create({ data: { userId: user.id, tenantId: globex.id, role: "member" } });
    const signedIn = new Date("2026-03-01T08:00:00Z");
    const seal = await createSession(user.id, acme.id, signedIn);

    const elevenHoursLater = new Date(signedIn.getTime() + 11 * HOUR);
    const session = (await unsealSession(seal, elevenHoursLater))!;
    const actor = (await resolveActor(session))!;
    expect(await switchOrganization(session, actor, globex.id.toString())).toBe(true);

    const end = signedIn.getTime() + SESSION_TTL_SECONDS * 1000;
    expect(await unsealSession(seal, new Date(end - 1))).toMatchObject({
      tenantId: globex.id,
      expiresAt: new Date(end),
    });
    expect(await unsealSession(seal, new Date(end + 1))).toBeNull();
  });

  it("switching refuses an organization the user is not a member of", async () => {
    const actor = await createActor();
    const stranger = await createTenant();
    const seal = await createSession(actor.userId, actor.tenantId);
    const session = (await unsealSession(seal))!;
    expect(await switchOrganization(session, actor, stranger.id.toString())).toBe(false);
    expect(await unsealSession(seal)).toMatchObject({ tenantId: actor.tenantId });
  });

  it("a password change ends every session of the user, and only the new password signs in", async () => {
    const actor = await createActor();
    const other = await createActor();
    const [laptop, phone] = [
      await createSession(actor.userId, actor.tenantId),
      await createSession(actor.userId, actor.tenantId),
    ];
    const bystander = await createSession(other.userId, other.tenantId);

    await changePassword(actor, TEST_PASSWORD, "a brand new passphrase");

    expect(await unsealSession(laptop)).toBeNull();
    expect(await unsealSession(phone)).toBeNull();
    expect(await unsealSession(bystander)).not.toBeNull();
    await expect(
      authenticate(actor.userEmail, "a brand new passphrase", { clientAddress: testClientAddress() }),
    ).resolves.toMatchObject({
      userId: actor.userId,
    });
    await expect(authenticate(actor.userEmail, TEST_PASSWORD, { clientAddress: testClientAddress() })).rejects.toThrow(
      AppError,
    );
  });

  it("a password change with the wrong current password changes nothing", async () => {
    const actor = await createActor();
    const seal = await createSession(actor.userId, actor.tenantId);
    const before = await getDb().user.findUniqueOrThrow({ where: { id: actor.userId } });
    const error = await changePassword(actor, "not my password", "a brand new passphrase").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: actor.userId } })).passwordHash).toBe(
      before.passwordHash,
    );
    expect(await unsealSession(seal)).not.toBeNull();
  });

  it("refuses a new password that is too short", async () => {
    const actor = await createActor();
    await expect(changePassword(actor, TEST_PASSWORD, "short")).rejects.toThrow(/at least 12 characters/);
  });
});
