import { z } from "../zod";
import type { Db } from "../db/client";
import { getEnv } from "../env";
import { createGithubApp } from "../github/octokit";
import { storeCredentials, type StoredApp } from "../github/stored-credentials";
import { loadGithubConfig } from "../github/config";
import { retireSetupCodes } from "./setup-code";
import { SetupError } from "./setup-errors";
import { consumeSetupState } from "./setup-state";

const conversionSchema = z.object({
  id: z.number().int().positive(),
  slug: z.string().min(1),
  name: z.string().min(1),
  owner: z.object({ login: z.string() }).nullable().optional(),
  html_url: z.string().optional(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  webhook_secret: z.string().min(1),
  pem: z.string().includes("PRIVATE KEY"),
});

type Fetch = typeof fetch;

/**
 * GitHub's redirect after "Create GitHub App": the state is checked and burnt first (a wrong one
 * means no exchange), then the code is exchanged once, the new App's webhook URL is checked to be
 * ours (with its own JWT), and only then are its credentials stored. Returns its install page.
 */
export async function completeSetup(
  db: Db,
  query: { code?: string; state?: string },
  { fetchImpl = fetch, now = Date.now() }: { fetchImpl?: Fetch; now?: number } = {},
): Promise<string> {
  const env = getEnv();
  await consumeSetupState(db, query.state ?? "", now);
  if (env.github || (await loadGithubConfig(db))) throw new SetupError("already_configured");
  if (!env.encryptionKey) throw new SetupError("no_encryption_key");
  if (!query.code || !/^[\w-]{1,200}$/.test(query.code)) throw new SetupError("code_missing");
  const app = await exchangeCode(env.githubHost.apiUrl, query.code, fetchImpl);
  const hookUrl = await webhookUrlOf(app, env.githubHost.apiUrl);
  const ours = `${env.appUrl}/github/webhooks`;
  if (hookUrl !== ours) throw new SetupError("webhook_mismatch", `GitHub has ${hookUrl ?? "none"}, expected ${ours}`);
  await storeCredentials(db, env.encryptionKey, app);
  await retireSetupCodes(db, new Date(now));
  return `${env.githubHost.webUrl}/apps/${app.slug}/installations/new`;
}

async function exchangeCode(apiUrl: string, code: string, fetchImpl: Fetch): Promise<StoredApp> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/app-manifests/${encodeURIComponent(code)}/conversions`, {
      method: "POST",
      headers: { accept: "application/vnd.github+json", "user-agent": "allegro-template-sync" },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new SetupError("github_unavailable");
  }
  if (response.status === 404 || response.status === 422) throw new SetupError("code_refused");
  if (!response.ok) throw new SetupError("github_unavailable", `GitHub answered ${response.status}`);
  const parsed = conversionSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new SetupError("github_unavailable", "unexpected conversion answer");
  const data = parsed.data;
  return {
    appId: String(data.id),
    slug: data.slug,
    name: data.name,
    ownerLogin: data.owner?.login ?? null,
    htmlUrl: data.html_url ?? null,
    clientId: data.client_id,
    clientSecret: data.client_secret,
    webhookSecret: data.webhook_secret,
    privateKey: data.pem,
  };
}

/** GET /app/hook/config with the new App's JWT: the webhook URL GitHub will deliver to. */
async function webhookUrlOf(app: StoredApp, apiUrl: string): Promise<string | null> {
  const github = createGithubApp(
    {
      appId: app.appId,
      privateKey: app.privateKey,
      webhookSecret: app.webhookSecret,
      appUrl: "",
      apiUrl,
      webUrl: "",
      slug: app.slug,
    },
    { retries: false },
  );
  try {
    const { data } = await github.octokit.request("GET /app/hook/config");
    return data.url ?? null;
  } catch {
    throw new SetupError("github_unavailable", "GET /app/hook/config failed");
  }
}
