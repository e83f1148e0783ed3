import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getCurrentActor } from "@/lib/auth/server";
import { AppHeader } from "@/components/app-header";
import { DevBanner } from "@/components/dev-banner";
import { switchOrganization } from "./actions/organization";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Allegro", template: "%s · Allegro" },
  description: "Templates for your organization, synced from GitHub.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <DevBanner />
        {actor && <AppHeader actor={actor} switchOrganization={switchOrganization} />}
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
