import { describe, expect, it } from "vitest";
import { pageAfterSwitch } from "@/lib/auth/page-after-switch";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";

describe("the page an organization switch lands on", () => {
  it("keeps the lists, the new-template page and, for admins, GitHub Sync settings", async () => {
    const admin = await createActor("admin");
    const member = await createActor("member");
    for (const path of ["/templates", "/templates/new", "/settings/github-sync"]) {
      expect(await pageAfterSwitch(admin, path)).toBe(path);
    }
    expect(await pageAfterSwitch(member, "/settings/github-sync")).toBe("/templates");
  });

  it("keeps a template page only when the template is the new organization's, and live", async () => {
    const actor = await createActor();
    const other = await createActor();
    const ours = await createTemplateRow(actor.tenantId);
    const theirs = await createTemplateRow(other.tenantId);
    const deleted = await createTemplateRow(actor.tenantId);
    await getDb().template.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    expect(await pageAfterSwitch(actor, `/templates/${ours.id}`)).toBe(`/templates/${ours.id}`);
    expect(await pageAfterSwitch(actor, `/templates/${theirs.id}`)).toBe("/templates");
    expect(await pageAfterSwitch(actor, `/templates/${deleted.id}`)).toBe("/templates");
  });

  it("never follows anything else it is given", async () => {
    const actor = await createActor();
    for (const path of ["https://evil.example/", "//evil.example", "/templates/1?x=//evil", "/logout", null, 42]) {
      expect(await pageAfterSwitch(actor, path)).toBe("/templates");
    }
  });
});
