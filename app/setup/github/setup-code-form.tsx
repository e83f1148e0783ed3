"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

/** The operator's setup code: a right one opens the page; a refusal keeps focus on the field. */
export function SetupCodeForm() {
  const router = useRouter();
  const field = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const code = new FormData(event.currentTarget).get("code");
    const response = await fetch("/api/setup/github/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    }).catch(() => null);
    setPending(false);
    if (response?.ok) return router.refresh();
    const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
    setError(body?.error?.message ?? "The setup code could not be checked. Try again.");
    field.current?.focus();
  }

  return (
    <form
      onSubmit={submit}
      className="max-w-md space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
      noValidate
    >
      <div>
        <label htmlFor="setup-code" className="block text-sm font-medium">
          Setup code
        </label>
        <input
          ref={field}
          id="setup-code"
          name="code"
          autoComplete="off"
          spellCheck={false}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "setup-code-error" : "setup-code-help"}
          className={`mt-1 w-full rounded border px-3 py-2 font-mono ${error ? "border-red-600" : "border-slate-300"}`}
        />
        <p id="setup-code-help" className="mt-1 text-sm text-slate-600">
          Printed in the server log at each start while the GitHub App is not set up, or the value of{" "}
          <code>ALLEGRO_SETUP_CODE</code>.
        </p>
      </div>
      {error && (
        <p id="setup-code-error" role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {pending ? "Checking…" : "Continue"}
      </button>
    </form>
  );
}
