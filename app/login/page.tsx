import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentActor } from "@/lib/auth/server";
import { safeReturnTo } from "@/lib/auth/return-to";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getCurrentActor()) redirect(safeReturnTo(next));
  return (
    <div className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-2xl font-semibold">Sign in to Allegro</h1>
      <p className="mb-6 text-sm text-slate-600">Use your organization account.</p>
      <LoginForm next={next ? safeReturnTo(next) : undefined} />
    </div>
  );
}
