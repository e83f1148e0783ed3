"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { authenticate } from "@/lib/auth/login";
import { safeReturnTo } from "@/lib/auth/return-to";
import { createSession, sessionCookieName, sessionCookieOptions } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** A refused sign-in: the message, the field it is about (focused and marked invalid), and the email typed. */
export type LoginState = { error?: string; field?: "email" | "password"; email?: string };

const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
  next: z.string().optional(),
});

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse(Object.fromEntries(formData));
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: issue.message, field: issue.path[0] === "email" ? "email" : "password", email };
  }
  let session;
  try {
    session = await authenticate(parsed.data.email, parsed.data.password, {
      clientAddress: clientAddress(await headers()),
    });
  } catch (error) {
    // Wrong credentials: the password is what gets typed again (the email is kept).
    if (error instanceof AppError) return { error: error.message, field: "password", email };
    throw error;
  }
  const seal = await createSession(session.userId, session.tenantId);
  (await cookies()).set(sessionCookieName(), seal, sessionCookieOptions());
  redirect(safeReturnTo(parsed.data.next));
}
