import { z } from "../zod";
import { requiredPermissions, REQUIRED_EVENTS, type Access } from "./requirements";

export const manifestRequestSchema = z
  .object({
    owner: z.discriminatedUnion("type", [
      z.object({ type: z.literal("user") }),
      z.object({
        type: z.literal("organization"),
        login: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be the organization's login, such as acme-corp"),
      }),
    ]),
    access: z.enum(["read", "write"]),
  })
  .strict();

export type ManifestRequest = z.infer<typeof manifestRequestSchema>;

/** GitHub App names are at most 34 characters. */
const NAME_LIMIT = 34;

/** The default name: the product and the instance's host, so two instances do not collide. */
export function defaultAppName(appUrl: string): string {
  return `Allegro ${new URL(appUrl).host}`.slice(0, NAME_LIMIT);
}

/**
 * The manifest GitHub turns into an App, built from APP_URL only (never the request's Host):
 * webhook, redirect and Setup URLs, OAuth during install (the proof of access linking needs),
 * and the permissions and events the product uses.
 */
export function buildManifest(appUrl: string, access: Access) {
  return {
    name: defaultAppName(appUrl),
    url: appUrl,
    hook_attributes: { url: `${appUrl}/github/webhooks`, active: true },
    redirect_url: `${appUrl}/setup/github/callback`,
    callback_urls: [`${appUrl}/github/callback`],
    setup_url: `${appUrl}/github/callback`,
    setup_on_update: true,
    request_oauth_on_install: true,
    public: false,
    default_permissions: requiredPermissions(access),
    default_events: [...REQUIRED_EVENTS],
  };
}

export type Manifest = ReturnType<typeof buildManifest>;

/** Where the browser posts the manifest: the account's or the organization's "new App" page. */
export function manifestFormAction(webUrl: string, request: ManifestRequest, state: string): string {
  const path =
    request.owner.type === "organization"
      ? `/organizations/${encodeURIComponent(request.owner.login)}/settings/apps/new`
      : "/settings/apps/new";
  const url = new URL(`${webUrl}${path}`);
  url.searchParams.set("state", state);
  return url.toString();
}
