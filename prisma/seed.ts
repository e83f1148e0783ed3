import { hashPassword } from "../lib/auth/password";
import type { Db } from "../lib/db/client";
import { recordSave } from "../lib/history/record-save";

/** Demo credentials, shown in README. Seeded only into local databases, or when asked. */
export const DEMO_USERS = {
  admin: { email: "admin@acme.test", password: "allegro-admin", name: "Ada Admin" },
  member: { email: "member@acme.test", password: "allegro-member", name: "Max Member" },
} as const;

const DEMO_TEMPLATES = [
  {
    name: "Welcome email",
    description: "Sent to new customers after sign-up.",
    body: { subject: "Welcome to Acme!", blocks: ["greeting", "next-steps"] },
  },
  {
    name: "Invoice reminder",
    description: "Friendly nudge for unpaid invoices.",
    body: { subject: "Your invoice is due", daysAfterDue: 7 },
  },
  {
    name: "Onboarding checklist",
    description: null,
    body: { steps: ["Create account", "Invite team", "Import data"] },
  },
];

/** Idempotent: running it twice changes nothing the second time. */
export async function seedDemo(db: Db): Promise<void> {
  const acme = await db.tenant.upsert({ where: { slug: "acme" }, update: {}, create: { name: "Acme", slug: "acme" } });
  const globex = await db.tenant.upsert({
    where: { slug: "globex" },
    update: {},
    create: { name: "Globex", slug: "globex" },
  });
  const initech = await db.tenant.upsert({
    where: { slug: "initech" },
    update: {},
    create: { name: "Initech", slug: "initech" },
  });
  for (const [role, user] of Object.entries(DEMO_USERS) as [
    keyof typeof DEMO_USERS,
    (typeof DEMO_USERS)[keyof typeof DEMO_USERS],
  ][]) {
    const row = await db.user.upsert({
      where: { email: user.email },
      update: {},
      create: { email: user.email, name: user.name, passwordHash: await hashPassword(user.password) },
    });
    await db.membership.upsert({
      where: { userId_tenantId: { userId: row.id, tenantId: acme.id } },
      update: {},
      create: { userId: row.id, tenantId: acme.id, role },
    });
    if (role === "admin") {
      for (const other of [globex, initech]) {
        await db.membership.upsert({
          where: { userId_tenantId: { userId: row.id, tenantId: other.id } },
          update: {},
          create: { userId: row.id, tenantId: other.id, role: "admin" },
        });
      }
    }
  }
  if ((await db.template.count({ where: { tenantId: acme.id } })) === 0) {
    const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } });
    for (const template of DEMO_TEMPLATES) {
      const content = {
        name: template.name,
        ...(template.description ? { description: template.description } : {}),
        ...template.body,
      };
      // As an admin would have written it (jsonb alone does not keep the key order).
      const sourceText = JSON.stringify(content, null, 2) + "\n";
      await db.$transaction(async (tx) => {
        const row = await tx.template.create({
          data: { tenantId: acme.id, name: template.name, description: template.description, content, sourceText },
        });
        // Its history begins with this save, by the demo admin.
        await recordSave(tx, {
          tenantId: acme.id,
          templateId: row.id,
          userId: admin.id,
          event: "created",
          text: sourceText,
        });
      });
    }
  }
}
