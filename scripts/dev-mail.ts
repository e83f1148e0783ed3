import { startMailCatcher } from "../tools/mail-catcher";

type Env = Record<string, string | undefined>;

/**
 * `npm run dev`'s mail: without SMTP_URL, the local mail catcher (tools/mail-catcher) receives
 * what notifications send, and its page (linked from the dev banner) lists it. Development
 * also lets notification webhooks reach local receivers (ALLEGRO_NOTIFY_ALLOW_PRIVATE=1).
 */
export async function startDevMail(env: Env, log: (line: string) => void) {
  env.ALLEGRO_NOTIFY_ALLOW_PRIVATE ??= "1";
  if (env.SMTP_URL) {
    log(`Mail: SMTP_URL is set; notifications are mailed through it`);
    return null;
  }
  const catcher = await startMailCatcher();
  env.SMTP_URL = catcher.smtpUrl;
  env.MAIL_CATCHER_URL = catcher.url;
  log(`Mail: the mail catcher on ${catcher.smtpUrl}; what it caught: ${catcher.url} (set SMTP_URL for a real server)`);
  return catcher;
}
