import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Account, AppIdentity, Permissions } from "./model";

/** What GitHub reads from a manifest (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest). */
export type Manifest = {
  name?: string;
  url?: string;
  hook_attributes?: { url?: string; active?: boolean };
  redirect_url?: string;
  callback_urls?: string[];
  setup_url?: string;
  setup_on_update?: boolean;
  request_oauth_on_install?: boolean;
  public?: boolean;
  default_permissions?: Permissions;
  default_events?: string[];
};

type Pending = { manifest: Manifest; name: string; owner: Account; expiresAt: number };

/** GitHub: "the code … expires after one hour" and works once. */
export const MANIFEST_CODE_TTL_MS = 60 * 60 * 1000;

/**
 * The manifest flow: the browser posts a manifest, the person confirms it, GitHub redirects to
 * `redirect_url` with a temporary code, and `POST /app-manifests/{code}/conversions` creates the
 * App. The simulator serves one App: the new one replaces it (new id, key and secrets), so JWTs
 * are verified against the new key and the old App's installations go with it.
 */
export class ManifestFlow {
  readonly pending = new Map<string, Pending>();
  /** App names in use on this GitHub (GitHub refuses a taken name on its page). */
  readonly takenNames = new Set<string>();

  constructor(
    private readonly deps: {
      app: AppIdentity;
      now: () => number;
      replaceApp: (app: AppIdentity) => void;
    },
  ) {}

  /** Problems GitHub shows on its page before it creates anything. */
  check(manifest: Manifest, name: string): string | null {
    if (!manifest.hook_attributes?.url) return "hook_attributes.url is required";
    if (!manifest.redirect_url) return "redirect_url is required";
    if (!name.trim() || name.length > 34) return "Name must be 1 to 34 characters";
    if (this.takenNames.has(name.toLowerCase()) || name.toLowerCase() === this.deps.app.name.toLowerCase())
      return `Name "${name}" is already in use`;
    return null;
  }

  /** The person clicked "Create GitHub App": a code for the redirect. */
  issueCode(manifest: Manifest, name: string, owner: Account): string {
    const code = randomBytes(20).toString("hex");
    this.pending.set(code, { manifest, name, owner, expiresAt: this.deps.now() + MANIFEST_CODE_TTL_MS });
    return code;
  }

  /** The conversion: the new App with its secrets, or null for an unknown, used or expired code. */
  convert(code: string): { app: AppIdentity; oauthOnInstall: boolean } | null {
    const pending = this.pending.get(code);
    this.pending.delete(code);
    if (!pending || pending.expiresAt <= this.deps.now()) return null;
    const { manifest, name, owner } = pending;
    const keys = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const app: AppIdentity = {
      id: this.deps.app.id + 1 + Math.floor(Math.random() * 1000),
      slug: slugify(name),
      name,
      owner,
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      webhookSecret: randomBytes(20).toString("hex"),
      clientId: `Iv23li${randomBytes(5).toString("hex")}`,
      clientSecret: randomBytes(20).toString("hex"),
      setupUrl: manifest.setup_url ?? null,
      webhookUrl: manifest.hook_attributes?.active === false ? null : (manifest.hook_attributes?.url ?? null),
      permissions: { metadata: "read", ...manifest.default_permissions },
      events: manifest.default_events ?? [],
      createdAt: new Date(this.deps.now()),
    };
    this.takenNames.add(this.deps.app.name.toLowerCase());
    this.deps.replaceApp(app);
    return { app, oauthOnInstall: manifest.request_oauth_on_install === true };
  }
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "app";
