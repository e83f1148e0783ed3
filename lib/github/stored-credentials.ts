import type { Db } from "../db/client";
import { openSecret, sealSecret } from "../setup/secret-box";

/** What the manifest conversion returned, as the app keeps it. */
export type StoredApp = {
  appId: string;
  slug: string;
  name: string;
  ownerLogin: string | null;
  htmlUrl: string | null;
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
  privateKey: string;
};

const SECRETS = ["clientSecret", "webhookSecret", "privateKey"] as const;
const aad = (appId: string, field: string) => `github-app:${appId}:${field}`;

/** Stores (or replaces) the App, its secrets encrypted; bumps the version every instance watches. */
export async function storeCredentials(db: Db, key: Buffer, app: StoredApp): Promise<void> {
  const data = {
    appId: BigInt(app.appId),
    slug: app.slug,
    name: app.name,
    ownerLogin: app.ownerLogin,
    htmlUrl: app.htmlUrl,
    clientId: app.clientId,
    clientSecretEnc: sealSecret(key, app.clientSecret, aad(app.appId, "clientSecret")),
    webhookSecretEnc: sealSecret(key, app.webhookSecret, aad(app.appId, "webhookSecret")),
    privateKeyEnc: sealSecret(key, app.privateKey, aad(app.appId, "privateKey")),
  };
  // The last setup check was about the App being replaced: it goes with it.
  await db.$transaction([
    db.githubAppCredential.upsert({
      where: { id: 1 },
      create: { id: 1, ...data },
      update: { ...data, version: { increment: 1 }, createdAt: new Date() },
    }),
    db.setupCheckReport.deleteMany({}),
  ]);
}

export type StoredRow = NonNullable<Awaited<ReturnType<typeof readStoredRow>>>;

export function readStoredRow(db: Db) {
  return db.githubAppCredential.findUnique({ where: { id: 1 } });
}

/** Only the version: the one-row lookup each request makes to notice another instance's change. */
export async function readStoredVersion(db: Db): Promise<bigint | null> {
  const row = await db.githubAppCredential.findUnique({ where: { id: 1 }, select: { version: true } });
  return row?.version ?? null;
}

export function decryptRow(row: StoredRow, key: Buffer): StoredApp {
  const appId = row.appId.toString();
  const plain = Object.fromEntries(
    SECRETS.map((field) => [field, openSecret(key, row[`${field}Enc`], aad(appId, field))]),
  ) as Record<(typeof SECRETS)[number], string>;
  return {
    appId,
    slug: row.slug,
    name: row.name,
    ownerLogin: row.ownerLogin,
    htmlUrl: row.htmlUrl,
    clientId: row.clientId,
    ...plain,
  };
}

/** Forget stored credentials: true when there were some. */
export async function forgetCredentials(db: Db): Promise<boolean> {
  // The last setup check described the App forgotten: it is forgotten too.
  const [{ count }] = await db.$transaction([
    db.githubAppCredential.deleteMany({ where: { id: 1 } }),
    db.setupCheckReport.deleteMany({}),
  ]);
  return count > 0;
}
