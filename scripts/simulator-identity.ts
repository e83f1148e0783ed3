import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type SimulatorIdentity = {
  /** Set once the manifest flow created an App (the first start uses the simulator's defaults). */
  id?: number;
  slug?: string;
  name?: string;
  privateKey: string;
  publicKey: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
};

/**
 * The simulated GitHub App's key and secrets, created once per data folder and kept in
 * `<dir>/app.json` (mode 600), so the environment the app was given stays valid across restarts.
 */
export function loadSimulatorIdentity(dir: string): SimulatorIdentity {
  const file = path.join(dir, "app.json");
  if (!fs.existsSync(file)) {
    const keys = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const identity: SimulatorIdentity = {
      ...keys,
      webhookSecret: randomBytes(20).toString("hex"),
      clientId: `Iv23li${randomBytes(5).toString("hex")}`,
      clientSecret: randomBytes(20).toString("hex"),
    };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(identity, null, 2), { mode: 0o600 });
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as SimulatorIdentity;
}

/** Keeps the App the manifest flow created, so the credentials the app stored stay valid across restarts. */
export function saveSimulatorIdentity(dir: string, app: Required<SimulatorIdentity>): void {
  const identity: Required<SimulatorIdentity> = {
    id: app.id,
    slug: app.slug,
    name: app.name,
    privateKey: app.privateKey,
    publicKey: app.publicKey,
    webhookSecret: app.webhookSecret,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "app.json"), JSON.stringify(identity, null, 2), { mode: 0o600 });
}
