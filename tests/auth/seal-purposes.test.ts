import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as templatesRoute from "@/app/api/templates/route";
import { SESSION_COOKIE, unsealSession } from "@/lib/auth/session";
import { openSession } from "@/lib/auth/session-store";
import { sealKey } from "@/lib/auth/keys";
import { createInstallState } from "@/lib/github-sync/install-state";
import { getEnv } from "@/lib/env";
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

  it("refuses a session seal carrying unknown keys (strict schema)", async () => {
    const actor = await createActor();
    const token = await openSession(actor.userId, actor.tenantId);
    const options = { password: sealKey("session"), ttl: 3600 };
    expect(await unsealSession(await sealData({ token }, options))).not.toBeNull();
    expect(await unsealSession(await sealData({ token, purpose: "github-install" }, options))).toBeNull();
  });
});
