"use client";

import { useActionState, useEffect, useRef } from "react";
import { login, type LoginState } from "./actions";

const input = "mt-1 w-full rounded border px-3 py-2";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {});
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  // A refused sign-in moves focus to the field it is about.
  useEffect(() => {
    if (state.field) (state.field === "email" ? email : password).current?.focus();
  }, [state]);
  const invalid = (field: LoginState["field"]) =>
    state.field === field ? { "aria-invalid": true, "aria-describedby": "login-error" } : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          ref={email}
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          {...invalid("email")}
          className={`${input} ${state.field === "email" ? "border-red-600" : "border-slate-300"}`}
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          ref={password}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          {...invalid("password")}
          className={`${input} ${state.field === "password" ? "border-red-600" : "border-slate-300"}`}
        />
      </div>
      {state.error && (
        <p id="login-error" role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
