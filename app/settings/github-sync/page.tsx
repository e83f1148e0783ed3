import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "GitHub Sync" };

export default async function GithubSyncSettingsPage() {
  const actor = await requireActor("/settings/github-sync");
  if (actor.role !== "admin") forbidden();
  const env = getEnv();
  return (
    <div>
      <p className="text-sm text-slate-500">Organization Settings</p>
      <h1 className="mb-6 text-2xl font-semibold">GitHub Sync</h1>
      {!env.github && (
        <section aria-labelledby="not-configured" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
          <h2 id="not-configured" className="text-lg font-semibold">GitHub App not configured</h2>
          <p className="mt-2 text-sm">
            To sync templates from a GitHub repository, register a GitHub App and set these variables on the server, then restart it:
          </p>
          <ul className="mt-3 list-disc space-y-1 pl-6 font-mono text-sm">
            {env.githubMissing.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <p className="mt-3 text-sm">
            See the Configuration section of the README. To try it offline, run <code>npm run github:simulator</code> and follow what it prints.
          </p>
        </section>
      )}
    </div>
  );
}
