import { describe, expect, it } from "vitest";
import { SESSION_TTL_SECONDS, readCookie, createSession, unsealSession } from "@/lib/auth/session";
import { safeReturnTo } from "@/lib/auth/return-to";
import { createActor } from "../helpers/factories";

describe("sessions", () => {
  const user = async () => {
    const actor = await createActor();
    return { userId: actor.userId, tenantId: actor.tenantId };
  };
  const at = (ms: number) => new Date(ms);

  it("round-trip through the sealed cookie", async () => {
    const data = await user();
    const now = Date.parse("2026-03-01T00:00:00Z");
    const seal = await createSession(data.userId, data.tenantId, at(now));
    expect(await unsealSession(seal, at(now + 1000))).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      ...data,
      expiresAt: at(now + SESSION_TTL_SECONDS * 1000),
    });
  });

  it("expire after their lifetime", async () => {
    const data = await user();
    const now = Date.now();
    const seal = await createSession(data.userId, data.tenantId, at(now));
    expect(await unsealSession(seal, at(now + SESSION_TTL_SECONDS * 1000 - 1))).not.toBeNull();
    expect(await unsealSession(seal, at(now + SESSION_TTL_SECONDS * 1000 + 1))).toBeNull();
  });

  it("reject tampered or foreign seals", async () => {
    const data = await user();
    const seal = await createSession(data.userId, data.tenantId);
    const tampered = seal.slice(0, 40) + (seal[40] === "A" ? "B" : "A") + seal.slice(41);
    expect(await unsealSession(tampered)).toBeNull();
    expect(await unsealSession("Fe26.2**garbage")).toBeNull();
    expect(await unsealSession(undefined)).toBeNull();
  });

  it("are read from a raw Cookie header", () => {
    expect(readCookie("a=1; allegro_session=x%3Dy; b=2", "allegro_session")).toBe("x=y");
    expect(readCookie(null, "allegro_session")).toBeUndefined();
  });

  it("return only to same-origin paths after sign-in", () => {
    expect(safeReturnTo("/settings/github-sync")).toBe("/settings/github-sync");
    expect(safeReturnTo("//evil.example/x")).toBe("/templates");
    expect(safeReturnTo("https://evil.example")).toBe("/templates");
    expect(safeReturnTo("/\\evil.example")).toBe("/templates");
  });
});
