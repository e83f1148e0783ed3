import { createPrivateKey } from "node:crypto";
import { z } from "./zod";
import { isLoopbackUrl, modeProblems, type EnvMode } from "./env-production";
import { githubWebUrlFor } from "./github/web-url";
import { parseNotifyEnv, type NotifyEnv } from "./env-notify";

export type { EnvMode } from "./env-production";

/**
 * The app's configuration, parsed once from the environment. Nothing else reads
 * process.env (the Inngest SDK reads its own INNGEST_* variables).
 */
const githubSchema = z.object({
  appId: z.string().regex(/^\d+$/, "must be the numeric App ID shown on the GitHub App's settings page"),
  privateKey: z.string().superRefine((pem, ctx) => {
    const problem = checkPem(pem);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  webhookSecret: z.string().min(16, "must be at least 16 characters (use the secret configured on the GitHub App)"),
  appUrl: z
    .url({ message: "must be a URL" })
    .regex(/\/apps\/[^/]+\/installations\/new\/?$/, "must look like https://github.com/apps/<slug>/installations/new"),
  apiUrl: z.url({ message: "must be a URL such as https://api.github.com" }),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
});

export type GithubConfig = z.infer<typeof githubSchema> & { webUrl: string; slug: string };

export type AppEnv = {
  databaseUrl: string;
  sessionSecret: string;
  appUrl: string;
  secureCookies: boolean;
  /** GitHub from the environment; null when unset (credentials may then be stored: lib/github/config.ts). */
  github: GithubConfig | null;
  /** Where the manifest flow creates the App and stored credentials talk: GITHUB_URL (or derived) and GITHUB_API_URL. */
  githubHost: { webUrl: string; apiUrl: string };
  /** ALLEGRO_ENCRYPTION_KEY: 32 bytes that encrypt stored GitHub App secrets (AES-256-GCM). */
  encryptionKey: Buffer | null;
  /** ALLEGRO_SETUP_CODE: the operator's own setup code, instead of the one `npm start` prints. */
  setupCode: string | null;
  /** The GitHub variables that are set when `github` is null, to explain what is missing. */
  githubMissing: string[];
  inngestDashboardUrl: string;
  mode: EnvMode;
  /** Development against the simulator only (loopback APP_URL): link installations without the OAuth proof. */
  insecureSkipInstallOwnership: boolean;
  /** Allowed but unsafe settings, printed at start-up. */
  warnings: string[];
  /** Limits of one sync that are set; unset ones keep lib/sync's defaults. */
  syncLimits: {
    maxArchiveBytes?: number;
    maxArchiveEntries?: number;
    maxTemplates?: number;
    deleteGuardPercent?: number;
    deleteGuardMinimum?: number;
  };
  /** The outbox relay's own clock: how often each server process looks for due rows (0: never), and the relay route's secret. */
  relay: RelayConfig;
  /** How many reverse proxies stand in front (TRUST_PROXY); null: none, the socket address is the client's. */
  trustProxy: number | null;
  /** npm start must listen on 127.0.0.1 only: something is allowed only because APP_URL is loopback. */
  loopbackOnly: boolean;
  /** Most templates made by hand (not synced) per organization (TEMPLATES_MAX_MANUAL, default 10,000). */
  maxManualTemplates: number;
  /** Notifications (lib/notifications): SMTP, the sender address, private targets, the dev mail catcher's page. */
  notify: NotifyEnv;
};

export type { NotifyEnv } from "./env-notify";

export type RelayConfig = {
  /** ALLEGRO_RELAY_INTERVAL_MS, 5000 by default; 0 turns the timer off (a serverless host calls the route instead). */
  intervalMs: number;
  /** ALLEGRO_RELAY_SECRET: the bearer token of POST /api/outbox/relay; unset, the route answers 404. */
  secret: string | null;
};

export const DEFAULT_RELAY_INTERVAL_MS = 5000;

const GITHUB_REQUIRED = ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "GITHUB_APP_URL"] as const;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the Configuration section of README.md.`,
    );
    this.name = "EnvError";
  }
}

function checkPem(pem: string): string | null {
  if (pem.includes("\\n") && !pem.includes("\n")) {
    return 'contains literal "\\n" sequences instead of line breaks: paste the PEM file as-is (multi-line) or export it with GITHUB_APP_PRIVATE_KEY="$(cat key.pem)"';
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    return "must be the full PEM including -----BEGIN RSA PRIVATE KEY----- (download it from the GitHub App's settings page)";
  }
  try {
    createPrivateKey(pem);
    return null;
  } catch {
    return "is not a readable RSA private key PEM";
  }
}

export function parseEnv(source: Record<string, string | undefined>, mode: EnvMode = "development"): AppEnv {
  const problems: string[] = [];
  const get = (name: string) => (source[name]?.length ? source[name] : undefined);

  const databaseUrl = get("DATABASE_URL");
  if (!databaseUrl)
    problems.push(
      mode === "production"
        ? "DATABASE_URL is not set: production needs your PostgreSQL (postgresql://user:pass@host:5432/db); the embedded database and its demo data are for `npm run dev` only"
        : "DATABASE_URL is not set: use `npm run dev`, which starts an embedded PostgreSQL, or set it to postgresql://user:pass@host:5432/db",
    );
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push("DATABASE_URL must start with postgresql://");

  const sessionSecret = get("SESSION_SECRET");
  if (!sessionSecret) problems.push("SESSION_SECRET is not set: generate one with `openssl rand -base64 32`");
  else if (sessionSecret.length < 32)
    problems.push("SESSION_SECRET must be at least 32 characters: generate one with `openssl rand -base64 32`");

  const appUrlRaw = get("APP_URL") ?? (mode === "production" ? undefined : "http://localhost:3000");
  const appUrl = z.url().safeParse(appUrlRaw);
  if (appUrlRaw === undefined)
    problems.push("APP_URL is not set: the public https URL of the app, such as https://allegro.example.com");
  else if (!appUrl.success)
    problems.push(`APP_URL must be an absolute URL such as http://localhost:3000 (got "${appUrlRaw}")`);
  else if (mode === "production" && !appUrl.data.startsWith("https:") && !isLoopbackUrl(appUrl.data))
    problems.push(
      `APP_URL must be https in production (got "${appUrlRaw}"): cookies and GitHub's redirects would travel in clear; only a loopback http://localhost is allowed`,
    );

  const present = GITHUB_REQUIRED.filter((name) => get(name));
  let github: GithubConfig | null = null;
  if (present.length > 0 && present.length < GITHUB_REQUIRED.length) {
    const missing = GITHUB_REQUIRED.filter((name) => !get(name));
    problems.push(
      `${missing.join(", ")} must be set together with ${present.join(", ")} (all four GitHub App variables, or none)`,
    );
  } else if (present.length === GITHUB_REQUIRED.length) {
    const names: Record<string, string> = {
      appId: "GITHUB_APP_ID",
      privateKey: "GITHUB_APP_PRIVATE_KEY",
      webhookSecret: "GITHUB_WEBHOOK_SECRET",
      appUrl: "GITHUB_APP_URL",
      apiUrl: "GITHUB_API_URL",
      clientId: "GITHUB_APP_CLIENT_ID",
      clientSecret: "GITHUB_APP_CLIENT_SECRET",
    };
    const parsed = githubSchema.safeParse({
      appId: get("GITHUB_APP_ID"),
      privateKey: get("GITHUB_APP_PRIVATE_KEY"),
      webhookSecret: get("GITHUB_WEBHOOK_SECRET"),
      appUrl: get("GITHUB_APP_URL"),
      apiUrl: (get("GITHUB_API_URL") ?? "https://api.github.com").replace(/\/+$/, ""),
      clientId: get("GITHUB_APP_CLIENT_ID"),
      clientSecret: get("GITHUB_APP_CLIENT_SECRET"),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${names[String(issue.path[0])]} ${issue.message}`);
    } else if (Boolean(parsed.data.clientId) !== Boolean(parsed.data.clientSecret)) {
      problems.push("GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET must be set together");
    } else {
      const url = new URL(parsed.data.appUrl);
      const slug = url.pathname.split("/")[2] ?? "";
      github = { ...parsed.data, webUrl: url.origin, slug };
    }
  }

  const checked = modeProblems(
    get,
    mode,
    appUrl.data ?? appUrlRaw ?? "",
    present.length === GITHUB_REQUIRED.length,
    Boolean(get("GITHUB_APP_CLIENT_ID") && get("GITHUB_APP_CLIENT_SECRET")),
  );
  problems.push(...checked.problems);
  const positive = (name: string) => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    if (/^[1-9]\d*$/.test(raw.trim()) && Number.isSafeInteger(Number(raw))) return Number(raw);
    problems.push(`${name} must be a positive whole number (got "${raw}")`);
    return undefined;
  };
  const syncLimits = {
    maxArchiveBytes: positive("SYNC_MAX_ARCHIVE_BYTES"),
    maxArchiveEntries: positive("SYNC_MAX_ARCHIVE_ENTRIES"),
    maxTemplates: positive("SYNC_MAX_TEMPLATES"),
    deleteGuardPercent: positive("SYNC_DELETE_GUARD_PERCENT"),
    deleteGuardMinimum: positive("SYNC_DELETE_GUARD_MINIMUM"),
  };
  const maxManualTemplates = positive("TEMPLATES_MAX_MANUAL") ?? 10_000;
  const trustProxyRaw = get("TRUST_PROXY");
  const trustProxy =
    trustProxyRaw === undefined ? null : /^\d{1,2}$/.test(trustProxyRaw.trim()) ? Number(trustProxyRaw) : NaN;
  if (Number.isNaN(trustProxy))
    problems.push(
      `TRUST_PROXY must be the number of reverse proxies in front of the app, such as 1 (got "${trustProxyRaw}")`,
    );
  if ((syncLimits.deleteGuardPercent ?? 0) > 100) {
    problems.push(`SYNC_DELETE_GUARD_PERCENT must be at most 100 (got "${get("SYNC_DELETE_GUARD_PERCENT")}")`);
  }

  const relay = parseRelay(get, problems);
  const host = githubHostFrom(get, problems);
  const encryptionKey = encryptionKeyFrom(get("ALLEGRO_ENCRYPTION_KEY"), problems);
  const setupCode = get("ALLEGRO_SETUP_CODE") ?? null;
  if (setupCode !== null && setupCode.trim().length < 12)
    problems.push("ALLEGRO_SETUP_CODE must be at least 12 characters: generate one with `openssl rand -hex 16`");
  const notify = parseNotifyEnv(get, mode, appUrl.data ?? "http://localhost", problems, checked.warnings);

  if (problems.length) throw new EnvError(problems);
  return {
    databaseUrl: databaseUrl!,
    sessionSecret: sessionSecret!,
    appUrl: appUrl.data!.replace(/\/+$/, ""),
    secureCookies: appUrl.data!.startsWith("https:"),
    github,
    githubHost: github ? { webUrl: github.webUrl, apiUrl: github.apiUrl } : host,
    encryptionKey,
    setupCode: setupCode?.trim() ?? null,
    githubMissing: github ? [] : GITHUB_REQUIRED.filter((name) => !get(name)),
    inngestDashboardUrl: (get("INNGEST_DASHBOARD_URL") ?? "http://localhost:8288").replace(/\/+$/, ""),
    mode,
    insecureSkipInstallOwnership: checked.skipOwnership,
    warnings: checked.warnings,
    syncLimits: Object.fromEntries(Object.entries(syncLimits).filter(([, v]) => v !== undefined)),
    relay,
    maxManualTemplates,
    trustProxy: trustProxy || null,
    loopbackOnly: checked.loopbackOnly,
    notify,
  };
}

function parseRelay(get: (name: string) => string | undefined, problems: string[]): RelayConfig {
  const rawInterval = get("ALLEGRO_RELAY_INTERVAL_MS");
  let intervalMs = DEFAULT_RELAY_INTERVAL_MS;
  if (rawInterval !== undefined) {
    if (/^\d+$/.test(rawInterval.trim()) && (Number(rawInterval) === 0 || Number(rawInterval) >= 100))
      intervalMs = Number(rawInterval);
    else problems.push(`ALLEGRO_RELAY_INTERVAL_MS must be 0 (off) or at least 100 milliseconds (got "${rawInterval}")`);
  }
  const secret = get("ALLEGRO_RELAY_SECRET") ?? null;
  if (secret !== null && secret.length < 32)
    problems.push("ALLEGRO_RELAY_SECRET must be at least 32 characters: generate one with `openssl rand -base64 32`");
  return { intervalMs, secret };
}

function githubHostFrom(get: (name: string) => string | undefined, problems: string[]) {
  const apiUrl = (get("GITHUB_API_URL") ?? "https://api.github.com").replace(/\/+$/, "");
  const webUrl = get("GITHUB_URL")?.replace(/\/+$/, "");
  if (!z.url().safeParse(apiUrl).success) {
    problems.push(`GITHUB_API_URL must be a URL such as https://api.github.com (got "${apiUrl}")`);
    return { webUrl: "https://github.com", apiUrl };
  }
  if (webUrl !== undefined && !/^https?:\/\/[^/]+/.test(webUrl)) {
    problems.push(`GITHUB_URL must be GitHub's web URL such as https://ghe.example.com (got "${webUrl}")`);
  }
  return { webUrl: webUrl ?? githubWebUrlFor(apiUrl), apiUrl };
}

function encryptionKeyFrom(raw: string | undefined, problems: string[]): Buffer | null {
  if (raw === undefined) return null;
  const key = Buffer.from(raw.trim(), "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(raw.trim())) {
    problems.push(
      "ALLEGRO_ENCRYPTION_KEY must be 32 random bytes in base64: generate it with `openssl rand -base64 32`",
    );
    return null;
  }
  return key;
}

let cached: AppEnv | undefined;

export function getEnv(): AppEnv {
  cached ??= parseEnv(process.env, process.env.NODE_ENV === "production" ? "production" : "development");
  return cached;
}
