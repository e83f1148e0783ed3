import { getEnv } from "@/lib/env";

/** Development only (`npm run dev`): where the stand-ins' pages are, such as the mail catcher's. */
export function DevBanner() {
  const mailCatcherUrl = getEnv().notify.mailCatcherUrl;
  if (!mailCatcherUrl) return null;
  return (
    <aside
      aria-label="Development"
      className="border-b border-amber-300 bg-amber-50 px-4 py-1 text-center text-sm text-amber-950"
    >
      Development: mail sent by the app is caught locally.{" "}
      <a href={mailCatcherUrl} className="font-medium underline" data-testid="mail-catcher-link">
        Open the mail catcher
      </a>
    </aside>
  );
}
