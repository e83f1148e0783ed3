import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/server";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/change-password";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const actor = await requireActor("/account/password");
  return (
    <div className="mx-auto max-w-md space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Change password</h1>
        <p className="mt-1 text-sm text-slate-600">
          For {actor.userEmail}. Your other sessions are signed out; this one stays signed in.
        </p>
      </div>
      <PasswordForm minLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
