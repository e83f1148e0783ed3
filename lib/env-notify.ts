import type { EnvMode } from "./env-production";

export type NotifyEnv = {
  /** smtp:// or smtps:// URL of the mail server; null: email destinations record "SMTP_URL is not set". */
  smtpUrl: string | null;
  mailFrom: string;
  /** ALLEGRO_NOTIFY_ALLOW_PRIVATE=1: private and loopback webhook targets are allowed (development, tests). */
  allowPrivate: boolean;
  /** The dev mail catcher's page (MAIL_CATCHER_URL, set by `npm run dev`), linked from the dev banner. */
  mailCatcherUrl: string | null;
};

/** The notification variables: SMTP_URL, MAIL_FROM, ALLEGRO_NOTIFY_ALLOW_PRIVATE, MAIL_CATCHER_URL. */
export function parseNotifyEnv(
  get: (name: string) => string | undefined,
  mode: EnvMode,
  appUrl: string,
  problems: string[],
  warnings: string[],
): NotifyEnv {
  const smtpUrl = get("SMTP_URL") ?? null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    problems.push("SMTP_URL must look like smtp://user:pass@mail.example.com:587 or smtps://…:465");
  const allowRaw = get("ALLEGRO_NOTIFY_ALLOW_PRIVATE");
  if (allowRaw !== undefined && allowRaw !== "0" && allowRaw !== "1")
    problems.push(`ALLEGRO_NOTIFY_ALLOW_PRIVATE must be 1 or 0 (got "${allowRaw}")`);
  const allowPrivate = allowRaw === "1";
  if (allowPrivate && mode === "production")
    warnings.push(
      "ALLEGRO_NOTIFY_ALLOW_PRIVATE=1: notification webhooks may reach private and loopback addresses (meant for development)",
    );
  const host = URL.canParse(appUrl) ? new URL(appUrl).hostname : "localhost";
  const mailCatcher = get("MAIL_CATCHER_URL");
  return {
    smtpUrl,
    mailFrom: get("MAIL_FROM") ?? `Allegro <notifications@${host}>`,
    allowPrivate,
    mailCatcherUrl: mode === "production" || !mailCatcher ? null : mailCatcher.replace(/\/+$/, ""),
  };
}
