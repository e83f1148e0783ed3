import { AppError } from "../errors";
import { readBodyText } from "./read-body";

/** A JSON request body of at most `limit` bytes, or 400. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await readBodyText(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body must be JSON.");
  }
}
