import type { GithubConfig } from "../env";
import { OAUTH_HOWTO } from "../env-production";
import { createGithubApp } from "../github/octokit";
import { check, type SetupCheck } from "./check-types";
import { missingEvents, missingPermissions } from "./requirements";

type Delivery = { guid: string; status_code: number; event: string; delivered_at: string };

const statusOf = (error: unknown) => (error as { status?: number }).status ?? "no answer";

/** The GitHub side of the setup check: the App's JWT, its permissions and events, webhook URL and deliveries, OAuth. */
export async function checkGithubApp(config: GithubConfig, appUrl: string): Promise<SetupCheck[]> {
  const app = createGithubApp(config, { retries: false, requestTimeoutMs: 10_000 });
  const results: SetupCheck[] = [];
  type AppInfo = { permissions?: Record<string, string>; events?: string[]; slug?: string };
  let info: AppInfo | null = null;
  try {
    const answer: AppInfo = (await app.octokit.request("GET /app")).data as AppInfo;
    info = answer;
    results.push(
      check(
        "app",
        "The App answers GET /app with a JWT",
        "pass",
        `App ${config.appId} (${info?.slug ?? config.slug}).`,
      ),
    );
  } catch (error) {
    results.push(
      check(
        "app",
        "The App answers GET /app with a JWT",
        "failure",
        `GitHub answered ${statusOf(error)} for App ${config.appId}.`,
        "Check the App ID and private key (the PEM of this App, with real line breaks), and that GITHUB_API_URL reaches GitHub.",
      ),
    );
  }
  if (info) {
    const permissions = missingPermissions(info.permissions ?? {});
    const events = missingEvents(info.events ?? []);
    const missing = [...permissions.map((p) => `permission ${p}`), ...events.map((e) => `event ${e}`)];
    results.push(
      missing.length
        ? check(
            "permissions",
            "Permissions and events",
            "failure",
            `Missing: ${missing.join(", ")}.`,
            `On the App's settings page on GitHub (Permissions & events), grant ${missing.join(", ")}; each installation's owner then accepts the new permissions.`,
          )
        : check(
            "permissions",
            "Permissions and events",
            "pass",
            "Contents, metadata, checks and pull requests; push, pull_request, check_run and repository events.",
          ),
    );
  }
  results.push(...(await checkWebhook(app, appUrl)));
  results.push(
    config.clientId && config.clientSecret
      ? check("oauth", "OAuth is configured", "pass", `Client ID ${config.clientId}.`)
      : check(
          "oauth",
          "OAuth is configured",
          "failure",
          "No client ID and secret: installations cannot be linked.",
          OAUTH_HOWTO,
        ),
  );
  return results;
}

async function checkWebhook(app: ReturnType<typeof createGithubApp>, appUrl: string): Promise<SetupCheck[]> {
  const ours = `${appUrl}/github/webhooks`;
  const title = "GitHub delivers webhooks to this server";
  let url: string | null = null;
  try {
    url = (await app.octokit.request("GET /app/hook/config")).data.url ?? null;
  } catch (error) {
    return [
      check(
        "webhook",
        title,
        "failure",
        `GET /app/hook/config answered ${statusOf(error)}.`,
        "Check the App's credentials (see above).",
      ),
    ];
  }
  if (url !== ours)
    return [
      check(
        "webhook",
        title,
        "failure",
        `GitHub sends webhooks to ${url || "nowhere"}, not ${ours}.`,
        `Set the App's Webhook URL to ${ours} on its settings page on GitHub, and keep it active.`,
      ),
    ];
  let deliveries: Delivery[];
  try {
    deliveries = (await app.octokit.request("GET /app/hook/deliveries", { per_page: 10 })).data as Delivery[];
  } catch (error) {
    return [
      check("webhook", title, "warning", `Webhook URL ${ours}; GET /app/hook/deliveries answered ${statusOf(error)}.`),
    ];
  }
  if (!deliveries.length)
    return [
      check(
        "webhook",
        title,
        "warning",
        `Webhook URL ${ours}; GitHub has delivered nothing yet.`,
        "Install the App on an account: GitHub then sends the installation event.",
      ),
    ];
  const failed = deliveries.filter((d) => d.status_code < 200 || d.status_code >= 300);
  if (!failed.length)
    return [
      check("webhook", title, "pass", `Webhook URL ${ours}; the last ${deliveries.length} deliveries reached us.`),
    ];
  const codes = failed.map((d) => `${d.event} ${d.guid.slice(0, 8)}: ${d.status_code || "no answer"}`).join(", ");
  return [
    check(
      "webhook",
      title,
      "warning",
      `Webhook URL ${ours}; ${failed.length} of the last ${deliveries.length} deliveries failed (${codes}).`,
      "Check that GitHub can reach APP_URL and that the webhook secret matches; redeliver them from the App's Advanced settings on GitHub.",
    ),
  ];
}
