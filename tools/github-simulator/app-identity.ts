import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Account, AppIdentity } from "./model";

export type AppOptions = Partial<
  Pick<
    AppIdentity,
    "id" | "slug" | "name" | "privateKey" | "publicKey" | "webhookSecret" | "clientId" | "clientSecret" | "permissions"
  >
>;

/** The simulated GitHub App: what is given, else a fresh key pair and fresh secrets. */
export function createAppIdentity(
  options: { app?: AppOptions; setupUrl?: string; webhookUrl?: string },
  owner: Account,
): AppIdentity {
  const keys = options.app?.privateKey
    ? { privateKey: options.app.privateKey, publicKey: options.app.publicKey ?? "" }
    : generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      });
  return {
    id: options.app?.id ?? 424242,
    slug: options.app?.slug ?? "allegro-template-sync",
    name: options.app?.name ?? "Allegro Template Sync",
    owner,
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    webhookSecret: options.app?.webhookSecret ?? randomBytes(20).toString("hex"),
    clientId: options.app?.clientId ?? `Iv23li${randomBytes(5).toString("hex")}`,
    clientSecret: options.app?.clientSecret ?? randomBytes(20).toString("hex"),
    setupUrl: options.setupUrl ?? null,
    webhookUrl: options.webhookUrl ?? null,
    permissions: options.app?.permissions ?? {
      checks: "write",
      contents: "read",
      metadata: "read",
      pull_requests: "read",
    },
    events: ["check_run", "pull_request", "push", "repository"],
    createdAt: new Date(),
  };
}

/** What write-back (proposals) asks for on top of the defaults: `npm run dev` grants them to the demo. */
export const WRITE_PERMISSIONS = {
  checks: "write",
  contents: "write",
  metadata: "read",
  pull_requests: "write",
} as const satisfies AppIdentity["permissions"];

/** The environment the app needs to talk to a simulator at `url`. */
export function appEnvFor(app: AppIdentity, url: string): Record<string, string> {
  if (!app.publicKey) throw new Error("a given private key needs its public key too");
  return {
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_WEBHOOK_SECRET: app.webhookSecret,
    GITHUB_APP_URL: `${url}/apps/${app.slug}/installations/new`,
    GITHUB_API_URL: `${url}/api/v3`,
    GITHUB_APP_CLIENT_ID: app.clientId,
    GITHUB_APP_CLIENT_SECRET: app.clientSecret,
  };
}
