import type { Metadata } from "next";
import { headers } from "next/headers";
import { RelativeTime } from "@/components/relative-time";
import { getDb } from "@/lib/db/client";
import { readSetupReport } from "@/lib/setup/checks";
import { isOperator } from "@/lib/setup/operator";
import { setupErrorMessage } from "@/lib/setup/setup-errors";
import { getSetupStatus } from "@/lib/setup/setup-status";
import { CheckReport } from "./check-report";
import { CreateAppForm } from "./create-app-form";
import { ForgetCredentials } from "./forget-credentials";
import { SetupCodeForm } from "./setup-code-form";

export const metadata: Metadata = { title: "GitHub App setup" };
export const dynamic = "force-dynamic";

const SOURCE = {
  environment: "Environment variables (GITHUB_APP_ID …). They win over stored credentials.",
  database: "Stored in the database by the one-click setup (secrets encrypted with ALLEGRO_ENCRYPTION_KEY).",
  none: "None yet: create it below, in one click.",
};

/** The instance operator's page: create the GitHub App in one click, then check the setup. */
export default async function GithubSetupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const error = setupErrorMessage((await searchParams).error);
  const heading = (
    <div>
      <p className="text-sm text-slate-600">Instance setup</p>
      <h1 className="text-2xl font-semibold">GitHub App</h1>
    </div>
  );
  if (!(await isOperator((await headers()).get("cookie")))) {
    return (
      <div className="space-y-6">
        {heading}
        <p className="max-w-prose text-sm text-slate-700">
          This page is for the operator of this Allegro instance, not for organization admins. Enter the setup code to
          continue.
        </p>
        <SetupCodeForm />
      </div>
    );
  }
  const db = getDb();
  const [status, report] = await Promise.all([getSetupStatus(db), readSetupReport(db)]);
  return (
    <div className="space-y-6">
      {heading}
      {error && (
        <div role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          {error}
        </div>
      )}
      <section
        aria-labelledby="app-source"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
      >
        <h2 id="app-source" className="text-lg font-semibold">
          GitHub App in use
        </h2>
        <p className="text-sm" data-testid="app-source" data-source={status.source}>
          {SOURCE[status.source]}
        </p>
        {status.stored && (
          <p className="break-words text-sm">
            {status.stored.htmlUrl ? (
              <a className="font-medium underline" href={status.stored.htmlUrl}>
                {status.stored.name}
              </a>
            ) : (
              <strong>{status.stored.name}</strong>
            )}{" "}
            (App ID {status.appId}
            {status.stored.ownerLogin && <>, owned by {status.stored.ownerLogin}</>}), created{" "}
            <RelativeTime iso={status.stored.createdAt} />.{" "}
            <a
              className="font-medium underline"
              href={`${status.githubWebUrl}/apps/${status.stored.slug}/installations/new`}
            >
              Install it
            </a>
          </p>
        )}
        {status.problem && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {status.problem}
          </p>
        )}
        {status.source === "none" &&
          (status.encryptionKeySet ? (
            <CreateAppForm githubWebUrl={status.githubWebUrl} />
          ) : (
            <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
              Set <code>ALLEGRO_ENCRYPTION_KEY</code> first (<code>openssl rand -base64 32</code>) and restart: it
              encrypts the App’s secrets in the database.
            </p>
          ))}
        {status.stored && <ForgetCredentials appName={status.stored.name} />}
        {status.stored && status.source === "environment" && (
          <p className="text-sm text-slate-600">
            Stored credentials are kept but not used while the variables are set.
          </p>
        )}
      </section>
      {status.source !== "none" && <CheckReport report={report} />}
    </div>
  );
}
