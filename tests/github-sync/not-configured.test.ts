import { describe, expect, it } from "vitest";
import { getSyncSettings } from "@/lib/github-sync/settings";
import { startConnect } from "@/lib/github-sync/connect";
import { createActor } from "../helpers/factories";

// No GITHUB_* variables in this file's environment.
describe("GitHub Sync without a configured GitHub App", () => {
  it("says so and lists what to set", async () => {
    const settings = await getSyncSettings(await createActor());
    expect(settings).toMatchObject({
      state: "not_configured",
      connection: null,
      missingVariables: ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "GITHUB_APP_URL"],
    });
  });

  it("refuses to start a connection", async () => {
    await expect(startConnect(await createActor())).rejects.toMatchObject({
      status: 503,
      message: "The GitHub App is not configured on this server.",
    });
  });

  it("is admin-only even then", async () => {
    await expect(getSyncSettings(await createActor("member"))).rejects.toMatchObject({ status: 403 });
  });
});
