import { z } from "../zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { forgetCredentials } from "../github/stored-credentials";

/** The confirmation the Forget button sends: the operator typed the App's slug, or ticked the box. */
export const forgetSchema = z.object({ confirm: z.literal(true) }).strict();

/** Forget stored credentials (the App stays on GitHub: delete it there too). 404 when none are stored. */
export async function forgetStoredApp(db: Db, body: unknown): Promise<void> {
  const parsed = forgetSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError("validation", "Confirm that the stored GitHub App credentials should be forgotten.");
  if (!(await forgetCredentials(db))) throw new AppError("not_found", "No GitHub App credentials are stored.");
}
