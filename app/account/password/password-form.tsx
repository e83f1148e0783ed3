"use client";

import { useRef, useState, type FormEvent } from "react";

type Field = "current_password" | "new_password" | "confirm_password";
type State =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "error"; message: string; field: Field | null }
  | { kind: "done"; revoked: number };

const input = "mt-1 w-full rounded border px-3 py-2";
const FIELDS: Field[] = ["current_password", "new_password", "confirm_password"];

/** Posts to /api/account/password; a refusal names its field, which gets the focus. */
export function PasswordForm({ minLength }: { minLength: number }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const fail = (message: string, field: Field | null) => {
    setState({ kind: "error", message, field });
    if (field) refs.current[field]?.focus();
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const [current = "", next = "", confirm = ""] = FIELDS.map((f) => String(data.get(f) ?? ""));
    if (!current) return fail("Enter your current password.", "current_password");
    if (next.length < minLength)
      return fail(`The new password must have at least ${minLength} characters.`, "new_password");
    if (next !== confirm) return fail("The two new passwords are not the same.", "confirm_password");
    setState({ kind: "saving" });
    try {
      const response = await fetch("/api/account/password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ current_password: current, new_password: next }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const field = FIELDS.includes(body?.error?.field) ? (body.error.field as Field) : null;
        return fail(body?.error?.message ?? "The password could not be changed. Try again.", field);
      }
      form.reset();
      setState({ kind: "done", revoked: Number(body?.revoked_sessions ?? 0) });
    } catch {
      fail("The server could not be reached. Try again.", null);
    }
  }

  const invalid = (field: Field) =>
    state.kind === "error" && state.field === field
      ? { "aria-invalid": true as const, "aria-describedby": "password-error" }
      : {};
  const border = (field: Field) =>
    state.kind === "error" && state.field === field ? "border-red-600" : "border-slate-300";
  const labels: Record<Field, string> = {
    current_password: "Current password",
    new_password: "New password",
    confirm_password: "New password, again",
  };
  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      {FIELDS.map((field) => (
        <div key={field}>
          <label htmlFor={field} className="block text-sm font-medium">
            {labels[field]}
          </label>
          <input
            ref={(el) => {
              refs.current[field] = el;
            }}
            id={field}
            name={field}
            type="password"
            autoComplete={field === "current_password" ? "current-password" : "new-password"}
            required
            minLength={field === "current_password" ? undefined : minLength}
            {...invalid(field)}
            className={`${input} ${border(field)}`}
          />
          {field === "new_password" && <p className="mt-1 text-xs text-slate-600">At least {minLength} characters.</p>}
        </div>
      ))}
      {state.kind === "error" && (
        <p id="password-error" role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <div role="status">
        {state.kind === "done" && (
          <p className="rounded bg-green-50 px-3 py-2 text-sm text-green-900">
            Password changed.{" "}
            {state.revoked === 0
              ? "You had no other sessions."
              : `${state.revoked} other ${state.revoked === 1 ? "session was" : "sessions were"} signed out.`}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={state.kind === "saving"}
        className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {state.kind === "saving" ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
