import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as templatesRoute from "@/app/api/templates/route";
import { SESSION_COOKIE, unsealSession } from "@/lib/auth/session";
import { openSession } from "@/lib/auth/session-store";
import { sealKey } from "@/lib/auth/keys";
import { createInstallState } from "@/lib/github-sync/install-state";
import { getEnv } from "@/lib/env";
import { readInstallConfirmation, sealInstallConfirmation } from "@/lib/github-sync/install-confirm";
import { createActor } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/templates": templatesRoute });
});
afterAll(() => server.close());

describe("sealed values have one purpose each", () => {
  it("refuses a sealed install state presented as the session cookie", async () => {
    const actor = await createActor();
    const state = await createInstallState(actor);
    const response = await fetch(`${server.url}/api/templates`, {
      headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(state)}` },
    });
    expect(response.status).toBe(401);
    expect(await unsealSession(state)).toBeNull();
  });

  it("derives a different key per purpose, none equal to the raw secret", () => {
    const session = sealKey("session");
    const install = sealKey("github-install-state");
    expect(session).not.toBe(install);
    expect(session).not.toBe(getEnv().sessionSecret);
    expect(session.length).toBeGreaterThanOrEqual(32);
    expect(sealKey("session")).toBe(session);
  });

  it("seals the install confirmation with its own key: the raw secret or another purpose's key cannot make or read one", async () => {
    const actor = await createActor();
    const confirmation = { installationId: "42", account: "acme" };
    const sealed = await sealInstallConfirmation(actor, confirmation);
    expect(await readInstallConfirmation(sealed, actor)).toEqual(confirmation);
    expect(sealKey("github-install-confirm")).not.toBe(sealKey("github-install-state"));
    const body = {
      purpose: "github-install-confirm",
      tenantId: actor.tenantId.toString(),
      userId: actor.userId.toString(),
      ...confirmation,
      expiresAt: Date.now() + 60_000,
    };
    for (const password of [getEnv().sessionSecret, sealKey("session"), sealKey("github-install-state")]) {
      expect(await readInstallConfirmation(await sealData(body, { password, ttl: 3600 }), actor)).toBeNull();
    }
    expect(
      await readInstallConfirmation(
        await sealData(body, { password: sealKey("github-install-confirm"), ttl: 3600 }),
        actor,
      ),
    ).toEqual(confirmation);
  });

  it("refuses a session seal carrying unknown keys (strict schema)", async () => {
    const actor = await createActor();
    const token = await openSession(actor.userId, actor.tenantId);
    const options = { password: sealKey("session"), ttl: 3600 };
    expect(await unsealSession(await sealData({ token }, options))).not.toBeNull();
    expect(await unsealSession(await sealData({ token, purpose: "github-install" }, options))).toBeNull();
  });
});
