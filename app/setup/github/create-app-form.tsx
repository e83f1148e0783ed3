"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";

type Form = { action: string; manifest: string };

/**
 * Create GitHub App: the server builds the manifest and a single-use state, then the browser
 * posts GitHub's manifest form (one field, `manifest`) to GitHub's new-App page.
 */
export function CreateAppForm({ githubWebUrl }: { githubWebUrl: string }) {
  const [owner, setOwner] = useState<"user" | "organization">("organization");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [form, setForm] = useState<Form | null>(null);
  const githubForm = useRef<HTMLFormElement>(null);
  const orgField = useRef<HTMLInputElement>(null);
  // Posted once React has rendered it with the action and manifest (a frame later was not always enough).
  useEffect(() => {
    if (form) githubForm.current?.submit();
  }, [form]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const response = await fetch("/api/setup/github/manifest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        owner: owner === "organization" ? { type: "organization", login: data.get("organization") } : { type: "user" },
        access: data.get("access"),
      }),
    }).catch(() => null);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
      setPending(false);
      setError(body?.error?.message ?? "The manifest could not be prepared. Try again.");
      if (owner === "organization") orgField.current?.focus();
      return;
    }
    setForm((await response.json()) as Form);
  }

  return (
    <>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <fieldset>
          <legend className="text-sm font-medium">Owner of the GitHub App</legend>
          <div className="mt-2 space-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="owner"
                value="organization"
                checked={owner === "organization"}
                onChange={() => setOwner("organization")}
              />
              An organization
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="owner"
                value="user"
                checked={owner === "user"}
                onChange={() => setOwner("user")}
              />
              My personal account
            </label>
          </div>
        </fieldset>
        {owner === "organization" && (
          <div>
            <label htmlFor="app-owner-login" className="block text-sm font-medium">
              Organization login
            </label>
            <input
              ref={orgField}
              id="app-owner-login"
              name="organization"
              autoComplete="off"
              spellCheck={false}
              placeholder="acme-corp"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "create-error" : undefined}
              className={`mt-1 w-full max-w-sm rounded border px-3 py-2 font-mono ${error ? "border-red-600" : "border-slate-300"}`}
            />
          </div>
        )}
        <fieldset>
          <legend className="text-sm font-medium">Permissions</legend>
          <div className="mt-2 space-y-2 text-sm">
            <label className="flex items-start gap-2">
              <input type="radio" name="access" value="read" defaultChecked className="mt-1" />
              <span>Read-only: sync templates from the repository, check pull requests</span>
            </label>
            <label className="flex items-start gap-2">
              <input type="radio" name="access" value="write" className="mt-1" />
              <span>Read and write: also propose template changes back as pull requests (write-back)</span>
            </label>
          </div>
        </fieldset>
        {error && (
          <p id="create-error" role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
        >
          {pending ? "Opening GitHub…" : "Create GitHub App"}
        </button>
        <p className="text-sm text-slate-600">
          GitHub ({githubWebUrl}) asks you to confirm the App’s name, then sends you back here.
        </p>
      </form>
      {form && (
        <form ref={githubForm} method="post" action={form.action} hidden>
          <input type="hidden" name="manifest" value={form.manifest} />
        </form>
      )}
    </>
  );
}
