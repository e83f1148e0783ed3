import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";

/** The actor and a tenant-scoped read for a History page: anything not found is Next's 404 page. */
export async function loadForPage<T>(
  path: string,
  read: (actor: Awaited<ReturnType<typeof requireActor>>) => Promise<T>,
) {
  const actor = await requireActor(path);
  try {
    return await read(actor);
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "bad_request")) notFound();
    throw error;
  }
}
